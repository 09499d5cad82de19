import { ConfigError, DataError, ShapeError, formatShape } from '../errors';
import { indexOutside, invalidLabelIndex } from '../kernels';
import type { Tensor } from '../tensor/Tensor';
import { sameShape } from '../tensor/Tensor';

/* Input checks shared by the losses, so every loss words its errors the same way. */

/** The cached forward state, or a clear error when backward comes first. */
export function requireForward<T>(cache: T | undefined, loss: string): T {
  if (cache === undefined) {
    throw new ShapeError(`${loss}.backward: called before forward; run forward(prediction, target) first`);
  }
  return cache;
}

/** Elementwise losses: the target has exactly the prediction's shape. */
export function expectSameShape(loss: string, prediction: Tensor, target: Tensor): void {
  if (!sameShape(prediction.shape, target.shape)) {
    throw new ShapeError(
      `${loss}: expected target of shape ${formatShape(prediction.shape)} (the prediction's shape), got ${formatShape(target.shape)}`,
    );
  }
}

/** Classification losses: the prediction is [batch, classes]; returns [batch, classes]. */
export function expectMatrix(loss: string, prediction: Tensor, what: string): [number, number] {
  if (prediction.rank !== 2 || (prediction.shape[1] as number) < 1) {
    throw new ShapeError(`${loss}: expected ${what} of shape [batch, classes], got ${formatShape(prediction.shape)}`);
  }
  return [prediction.shape[0] as number, prediction.shape[1] as number];
}

/**
 * Classification over the last axis: the prediction is [batch, …, classes] (at least 2-D);
 * returns [rows, classes], rows = batch·… (one row per position).
 */
export function expectClassRows(loss: string, prediction: Tensor, what: string): [number, number] {
  const classes = prediction.shape[prediction.rank - 1] ?? 0;
  if (prediction.rank < 2 || classes < 1) {
    throw new ShapeError(
      `${loss}: expected ${what} of shape [batch, classes], got ${formatShape(prediction.shape)} (sequences: [batch, …, classes])`,
    );
  }
  return [prediction.size / classes, classes];
}

/**
 * Class labels: the prediction's shape without its last axis ([batch] for [batch, classes]),
 * integers in 0..classes−1 or `ignoreIndex`; the error names the first bad one.
 */
export function expectLabels(loss: string, labels: Tensor, prediction: Tensor, ignoreIndex?: number): void {
  const shape = prediction.shape.slice(0, -1);
  const classes = prediction.shape[prediction.rank - 1] as number;
  if (!sameShape(labels.shape, shape)) {
    throw new ShapeError(
      `${loss}: expected target of shape ${formatShape(shape)} (class labels) or ${formatShape(prediction.shape)} (class probabilities), got ${formatShape(labels.shape)}`,
    );
  }
  const bad = invalidLabelIndex(labels.data, classes, ignoreIndex ?? NaN);
  if (bad >= 0) {
    const or = ignoreIndex === undefined ? '' : ` (or ignoreIndex ${ignoreIndex})`;
    throw new DataError(
      `${loss}: expected labels in 0..${classes - 1}${or}, got ${labels.data[bad] as number} at index ${bad}`,
    );
  }
}

/**
 * Softmax-based losses need two classes at least: the softmax of one logit is always 1, so one
 * output unit would train nothing and predict class 0 for every row.
 */
export function expectTwoClasses(loss: string, classes: number): void {
  if (classes < 2) {
    throw new ConfigError(
      `${loss}: expected at least 2 outputs (one per class), got ${classes}; the softmax of one output is always 1. ` +
        'For two classes with one output unit use BCEWithLogitsLoss, or set the last layer\'s outputSize to the number of classes',
    );
  }
}

/** Binary cross-entropy targets are probabilities: every value in [0, 1]. */
export function expectUnitTargets(loss: string, target: Tensor): void {
  const bad = indexOutside(target.data, 0, 1);
  if (bad >= 0) {
    throw new DataError(
      `${loss}: expected targets in [0, 1] (0/1 labels or probabilities), got ${target.data[bad] as number} at index ${bad}; ` +
        'for more than two classes use CrossEntropyLoss',
    );
  }
}
