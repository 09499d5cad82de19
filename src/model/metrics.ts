import { DataError, ShapeError, formatShape } from '../errors';
import {
  argmaxRows, confusionCounts, countCounted, countEqual, countEqualLabels, invalidLabelIndex, map, sigmoidForward, softmaxRows,
  thresholdLabels, toLabels,
} from '../kernels';
import type { LossOutput } from '../losses/Loss';
import { sameShape, Tensor } from '../tensor/Tensor';

/** The metrics fit/evaluate know by name. */
export const METRICS = ['accuracy'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Predicted class per row: the argmax of [n, classes] scores, or — for a single output column
 * ([n] or [n, 1]: a sigmoid probability) — 1 where the value exceeds `threshold`, else 0. A
 * sequence output [n, …, classes] (rank ≥ 3) gets one label per position (argmax over classes).
 */
export function predictedLabels(prediction: Tensor, threshold = 0.5): Int32Array {
  if (prediction.rank >= 3) {
    const classes = prediction.shape[prediction.rank - 1] as number;
    const rows = classes === 0 ? 0 : prediction.size / classes;
    const labels = new Int32Array(rows);
    argmaxRows(prediction.data, rows, classes, labels);
    return labels;
  }
  const n = prediction.shape[0] ?? 0;
  const cols = columns(prediction);
  const labels = new Int32Array(n);
  if (cols === 1) thresholdLabels(prediction.data, threshold, labels);
  else argmaxRows(prediction.data, n, cols, labels);
  return labels;
}

/**
 * True class per row from integer labels [n] (or [n, 1]) or one-hot / probability rows
 * [n, classes] (argmax). With `classes` given, labels outside 0..classes−1 are a DataError.
 */
export function targetLabels(target: Tensor, classes = Infinity, threshold?: number): Int32Array {
  const n = target.shape[0] ?? 0;
  const cols = columns(target);
  const labels = new Int32Array(n);
  if (cols > 1) {
    argmaxRows(target.data, n, cols, labels);
  } else if (threshold !== undefined) {
    thresholdLabels(target.data, threshold, labels);
  } else {
    const bad = toLabels(target.data, classes, labels);
    if (bad >= 0) {
      const range = Number.isFinite(classes) ? `0..${classes - 1}` : 'a non-negative integer';
      throw new DataError(`labels: expected ${range} at row ${bad}, got ${target.data[bad]}`);
    }
  }
  return labels;
}

/**
 * The threshold for one output column, by what the loss says its prediction is: 0 for logits
 * (σ(z) > 0.5 ⇔ z > 0), log ½ for log-probabilities, 0.5 for probabilities.
 */
export function thresholdFor(output: LossOutput): number {
  if (output === 'logits') return 0;
  if (output === 'logProbabilities') return Math.log(0.5);
  return 0.5;
}

/**
 * Probabilities from a prediction, by what the loss says it is: logits become softmax(rows) for
 * [n, classes] and σ(z) for one column; log-probabilities become e^x; probabilities and values are
 * returned as they are.
 */
export function probabilitiesOf(prediction: Tensor, output: LossOutput): Tensor {
  if (output === 'probabilities' || output === 'values') return prediction;
  const n = prediction.shape[0] ?? 0;
  const cols = columns(prediction);
  const result = Tensor.zeros(prediction.shape, prediction.dtype);
  if (output === 'logProbabilities') map(prediction.data, result.data, Math.exp);
  else if (cols === 1) sigmoidForward(prediction.data, result.data);
  else softmaxRows(prediction.data, result.data, n, cols);
  return result;
}

/** Correct predictions and the positions counted, for accuracy over batches and sequences. */
export interface AccuracyCounts {
  correct: number;
  counted: number;
}

/**
 * Correct predictions and counted positions. A prediction [n, classes] (or one column) is one
 * position per row; a sequence output [n, …, classes] (rank ≥ 3) is one position per step, its
 * targets labels [n, …] or one-hot [n, …, classes]. Positions labelled `ignoreIndex` (padding)
 * are neither correct nor counted.
 */
export function accuracyCounts(prediction: Tensor, target: Tensor, threshold = 0.5, ignoreIndex?: number): AccuracyCounts {
  const n = prediction.shape[0] ?? 0;
  if (prediction.rank === 0 || target.shape[0] !== n) {
    throw new ShapeError(
      `accuracy: expected targets with ${n} rows like the predictions ${formatShape(prediction.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  if (prediction.rank >= 3) return sequenceCounts(prediction, target, ignoreIndex);
  const cols = columns(prediction);
  const targetCols = columns(target);
  if (targetCols > 1 && targetCols !== cols) {
    throw new ShapeError(
      `accuracy: expected one-hot targets with ${cols} columns like the predictions ${formatShape(prediction.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const predicted = predictedLabels(prediction, threshold);
  if (ignoreIndex !== undefined && targetCols === 1 && cols > 1) {
    return countLabels(predicted, target, cols, ignoreIndex);
  }
  // A binary classifier's targets are probabilities, possibly soft (0.9), even when the outputs are logits.
  const truth = targetLabels(target, cols === 1 ? Infinity : cols, cols === 1 ? 0.5 : undefined);
  return { correct: countEqual(predicted, truth, n), counted: n };
}

/** How many positions are classified correctly (see accuracyCounts). */
export function countCorrect(prediction: Tensor, target: Tensor, threshold = 0.5, ignoreIndex?: number): number {
  return accuracyCounts(prediction, target, threshold, ignoreIndex).correct;
}

/**
 * Fraction of positions whose predicted class equals the target's: argmax for [n, classes] scores
 * (per step for [n, …, classes]), a threshold (0.5; 0 for logits, see thresholdFor) for one output
 * column. Targets: labels [n] or one-hot [n, classes]; a binary target is 1 above 0.5. Positions
 * labelled `ignoreIndex` are left out.
 */
export function accuracy(prediction: Tensor, target: Tensor, threshold = 0.5, ignoreIndex?: number): number {
  const { correct, counted } = accuracyCounts(prediction, target, threshold, ignoreIndex);
  return counted === 0 ? 0 : correct / counted;
}

/** Per-step accuracy of [n, …, classes] against labels [n, …] or one-hot [n, …, classes]. */
function sequenceCounts(prediction: Tensor, target: Tensor, ignoreIndex: number | undefined): AccuracyCounts {
  const classes = prediction.shape[prediction.rank - 1] as number;
  const rows = classes === 0 ? 0 : prediction.size / classes;
  const predicted = predictedLabels(prediction);
  if (sameShape(target.shape, prediction.shape)) {
    const truth = new Int32Array(rows);
    argmaxRows(target.data, rows, classes, truth);
    return { correct: countEqual(predicted, truth, rows), counted: rows };
  }
  if (!sameShape(target.shape, prediction.shape.slice(0, -1))) {
    throw new ShapeError(
      `accuracy: expected targets of shape ${formatShape(prediction.shape.slice(0, -1))} (labels) or ${formatShape(prediction.shape)} (one-hot) for predictions ${formatShape(prediction.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  return countLabels(predicted, target, classes, ignoreIndex ?? NaN);
}

/** Correct and counted positions of predicted labels against label values, skipping `ignore`. */
function countLabels(predicted: Int32Array, target: Tensor, classes: number, ignore: number): AccuracyCounts {
  const bad = invalidLabelIndex(target.data, classes, ignore);
  if (bad >= 0) {
    throw new DataError(`labels: expected 0..${classes - 1} at position ${bad}, got ${target.data[bad]}`);
  }
  const counted = countCounted(target.data, ignore);
  return { correct: countEqualLabels(predicted, target.data, ignore), counted };
}

/**
 * counts[t][p] = number of rows of true class t predicted as p (rows: truth, columns: prediction,
 * as in scikit-learn). Labels must be integers in 0..classes−1.
 */
export function confusionMatrix(
  predLabels: ArrayLike<number>,
  trueLabels: ArrayLike<number>,
  classes: number,
): number[][] {
  if (predLabels.length !== trueLabels.length) {
    throw new ShapeError(
      `confusionMatrix: expected as many predictions as labels, got ${predLabels.length} and ${trueLabels.length}`,
    );
  }
  const flat = new Int32Array(classes * classes);
  const bad = confusionCounts(predLabels, trueLabels, classes, flat);
  if (bad >= 0) {
    throw new DataError(
      `confusionMatrix: expected labels in 0..${classes - 1}, got prediction ${predLabels[bad]} and label ${trueLabels[bad]} at row ${bad}`,
    );
  }
  return Array.from({ length: classes }, (_, t) => Array.from(flat.subarray(t * classes, (t + 1) * classes)));
}

export interface ClassReport {
  /** Of the rows predicted as class c, the fraction that are c (0 when none is predicted c). */
  precision: number[];
  /** Of the rows of class c, the fraction predicted as c (0 when the class has no rows). */
  recall: number[];
  /** Harmonic mean 2PR/(P+R) (0 when both are 0). */
  f1: number[];
  /** Rows of each true class. */
  support: number[];
}

/** Per-class precision, recall, F1 and support from a confusion matrix (truth × prediction). */
export function precisionRecall(matrix: readonly (readonly number[])[]): ClassReport {
  const classes = matrix.length;
  const diagonal = matrix.map((row, c) => row[c] ?? 0);
  const support = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = Array.from({ length: classes }, (_, c) => matrix.reduce((a, row) => a + (row[c] ?? 0), 0));
  const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);
  const precision = diagonal.map((d, c) => ratio(d, predicted[c] as number));
  const recall = diagonal.map((d, c) => ratio(d, support[c] as number));
  const f1 = precision.map((p, c) => ratio(2 * p * (recall[c] as number), p + (recall[c] as number)));
  return { precision, recall, f1, support };
}

/** Columns per row: 1 for [n] and [n, 1], the product of the trailing dimensions otherwise. */
function columns(t: Tensor): number {
  const n = t.shape[0] ?? 0;
  return t.rank <= 1 || n === 0 ? 1 : t.size / n;
}
