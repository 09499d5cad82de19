import { DataError, ShapeError, formatShape } from '../errors';
import type { Loss } from '../losses/Loss';
import { Tensor } from '../tensor/Tensor';
import { oneOf, positiveInt } from '../validate';
import { accuracyCounts, METRICS, type Metric } from './metrics';
import { LossSet } from './LossSet';
import { checkAllRows, runnerOf, tensorList, type Trainable } from './Trainable';

export interface EvaluateOptions {
  /** One loss, or one per output of a several-output Model. */
  loss: Loss | readonly Loss[];
  /** Weights of the outputs' losses (see FitOptions.lossWeights). */
  lossWeights?: readonly number[];
  metrics?: readonly Metric[];
  batchSize?: number;
}

export interface EvaluateResult {
  loss: number;
  accuracy?: number;
}

/**
 * Mean loss (and accuracy, on the first output) over `x` in eval mode, batch by batch; the previous
 * mode is restored. Any model: a layer, a Sequential, or a Model with a tensor per input and output.
 */
export function evaluate(
  model: Trainable,
  x: Tensor | readonly Tensor[],
  y: Tensor | readonly Tensor[],
  options: EvaluateOptions,
): EvaluateResult {
  const runner = runnerOf(model);
  const batchSize = positiveInt('evaluate', 'batchSize', options.batchSize ?? 32);
  const withAccuracy = checkMetrics('evaluate', options.metrics).includes('accuracy');
  const losses = new LossSet('evaluate', options.loss, options.lossWeights, runner.outputCount);
  const xs = tensorList('evaluate', 'x', x, runner.inputCount);
  const ys = tensorList('evaluate', 'y', y, runner.outputCount);
  checkRows('evaluate', xs[0] as Tensor, ys[0] as Tensor);
  checkAllRows('evaluate', xs, ys);
  const n = (xs[0] as Tensor).shape[0] as number;
  const wasTraining = runner.training;
  runner.training = false;
  let lossSum = 0;
  let correct = 0;
  let counted = 0;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const outputs = runner.forward(xs.map((t) => rowsView(t, start, end)));
      const targets = ys.map((t) => rowsView(t, start, end));
      lossSum += losses.forward(outputs, targets) * (end - start);
      if (withAccuracy) {
        const counts = accuracyCounts(outputs[0] as Tensor, targets[0] as Tensor, losses.threshold, losses.first.ignoreIndex);
        correct += counts.correct;
        counted += counts.counted;
      }
    }
  } finally {
    if (wasTraining) runner.training = true;
  }
  const result: EvaluateResult = { loss: lossSum / n };
  if (withAccuracy) result.accuracy = counted === 0 ? 0 : correct / counted;
  return result;
}

/**
 * The model's outputs for every row of `x`, computed in eval mode in batches: one tensor, or one
 * per output for a Model whose outputs were given as an array.
 */
export function predict(model: Trainable, x: Tensor | readonly Tensor[], options: { batchSize?: number } = {}): Tensor | Tensor[] {
  const runner = runnerOf(model);
  const batchSize = positiveInt('predict', 'batchSize', options.batchSize ?? 128);
  const xs = tensorList('predict', 'x', x, runner.inputCount);
  xs.forEach((t) => {
    if (t.rank === 0) throw new ShapeError(`predict: expected a batch [rows, …], got a scalar`);
  });
  const n = (xs[0] as Tensor).shape[0] as number;
  const wasTraining = runner.training;
  runner.training = false;
  try {
    let outs: Tensor[] | undefined;
    if (n === 0) {
      outs = runner.outputShapes(xs.map((t) => t.shape)).map((shape) => Tensor.zeros(shape, (xs[0] as Tensor).dtype));
    }
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const ys = runner.forward(xs.map((t) => rowsView(t, start, end)));
      outs ??= ys.map((y) => Tensor.zeros([n, ...y.shape.slice(1)], y.dtype));
      ys.forEach((y, k) => {
        const out = (outs as Tensor[])[k] as Tensor;
        out.data.set(y.data, (start * out.size) / n);
      });
    }
    const result = outs as Tensor[];
    return runner.outputsArray ? result : (result[0] as Tensor);
  } finally {
    if (wasTraining) runner.training = true;
  }
}

/** Rows [start, end) as a tensor sharing the data (no copy). */
export function rowsView(t: Tensor, start: number, end: number): Tensor {
  const rowSize = t.size / (t.shape[0] as number);
  return new Tensor(t.data.subarray(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

export function checkRows(where: string, x: Tensor, y: Tensor): void {
  if (x.rank === 0 || (x.shape[0] as number) === 0) {
    throw new DataError(`${where}: expected at least one row of data, got x of shape ${formatShape(x.shape)}`);
  }
  if (y.rank === 0 || y.shape[0] !== x.shape[0]) {
    throw new ShapeError(
      `${where}: expected y with ${x.shape[0]} rows (one per row of x ${formatShape(x.shape)}), got ${formatShape(y.shape)}`,
    );
  }
}

export function checkMetrics(where: string, metrics: readonly string[] | undefined): readonly Metric[] {
  return (metrics ?? []).map((m, i) => oneOf(where, `metrics[${i}]`, m, METRICS));
}
