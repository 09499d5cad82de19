import { DataError, ShapeError, formatShape } from '../errors';
import type { Loss } from '../losses/Loss';
import { Tensor } from '../tensor/Tensor';
import { oneOf, positiveInt } from '../validate';
import { accuracyCounts, thresholdFor, METRICS, type Metric } from './metrics';
import type { Sequential } from './Sequential';

export interface EvaluateOptions {
  loss: Loss;
  metrics?: readonly Metric[];
  batchSize?: number;
}

export interface EvaluateResult {
  loss: number;
  accuracy?: number;
}

/** Mean loss (and accuracy) over `x` in eval mode, batch by batch; the previous mode is restored. */
export function evaluate(model: Sequential, x: Tensor, y: Tensor, options: EvaluateOptions): EvaluateResult {
  const batchSize = positiveInt('evaluate', 'batchSize', options.batchSize ?? 32);
  const withAccuracy = checkMetrics('evaluate', options.metrics).includes('accuracy');
  checkRows('evaluate', x, y);
  const n = x.shape[0] as number;
  const threshold = thresholdFor(options.loss.output);
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  let counted = 0;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const output = model.forward(rowsView(x, start, end));
      const target = rowsView(y, start, end);
      lossSum += options.loss.forward(output, target) * (end - start);
      if (withAccuracy) {
        const counts = accuracyCounts(output, target, threshold, options.loss.ignoreIndex);
        correct += counts.correct;
        counted += counts.counted;
      }
    }
  } finally {
    if (wasTraining) model.train();
  }
  const result: EvaluateResult = { loss: lossSum / n };
  if (withAccuracy) result.accuracy = counted === 0 ? 0 : correct / counted;
  return result;
}

/** The model's outputs for every row of `x`, computed in eval mode in batches. */
export function predict(model: Sequential, x: Tensor, options: { batchSize?: number } = {}): Tensor {
  const batchSize = positiveInt('predict', 'batchSize', options.batchSize ?? 128);
  if (x.rank === 0) throw new ShapeError(`predict: expected a batch [rows, …], got a scalar`);
  const n = x.shape[0] as number;
  const wasTraining = model.training;
  model.eval();
  try {
    if (n === 0) return Tensor.zeros(model.outputShape(x.shape), x.dtype);
    let out: Tensor | undefined;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const y = model.forward(rowsView(x, start, end));
      out ??= Tensor.zeros([n, ...y.shape.slice(1)], y.dtype);
      out.data.set(y.data, (start * out.size) / n);
    }
    return out as Tensor;
  } finally {
    if (wasTraining) model.train();
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
