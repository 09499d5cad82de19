import { ConfigError, DataError, NumericError } from '../errors';
import type { Loss } from '../losses/Loss';
import type { Optimizer } from '../optim/Optimizer';
import { createRng, globalRng } from '../tensor/rng';
import { enterBufferReuse, exitBufferReuse } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { boolean, inRange, nonNegativeNumber, positiveInt } from '../validate';
import { BatchBuffer } from './BatchBuffer';
import { EarlyStopper, type EarlyStopping } from './EarlyStopper';
import { checkMetrics, checkRows, evaluate, rowsView } from './evaluate';
import { accuracyCounts, type Metric } from './metrics';
import { findShared } from '../graph/uses';
import type { Layer } from '../layers/Layer';
import { LossSet } from './LossSet';
import { checkAllRows, runnerOf, tensorList, type Trainable } from './Trainable';

export type { EarlyStopping } from './EarlyStopper';
export type { EvaluateOptions, EvaluateResult } from './evaluate';

/** What onBatchEnd receives: running means over the epoch so far. */
export interface BatchLogs {
  epoch: number;
  batch: number;
  /** Batches in this epoch. */
  batches: number;
  /** Rows in this batch (the last one may be smaller). */
  size: number;
  loss: number;
  accuracy?: number;
}

/** What onEpochEnd receives (and what the history records per epoch). */
export interface EpochLogs {
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** The learning rate used in this epoch. */
  lr: number;
}

export interface FitOptions {
  /** One loss, or one per output of a several-output Model (a single one is used for every output). */
  loss: Loss | readonly Loss[];
  /** The total loss is Σₖ lossWeights[k]·lossₖ (Keras's loss_weights); all 1 by default. */
  lossWeights?: readonly number[];
  optimizer: Optimizer;
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Seeds the shuffling and, through setRng, the stochastic layers (Dropout). */
  seed?: number;
  /** The LAST fraction of the rows (taken before shuffling, as Keras does) for validation. */
  validationSplit?: number;
  validationData?: readonly [Tensor | readonly Tensor[], Tensor | readonly Tensor[]];
  metrics?: readonly Metric[];
  /** One line per epoch on stdout. */
  verbose?: boolean;
  /** The learning rate of each epoch (0-based) from the initial one; sets optimizer.lr. */
  schedule?: (epoch: number, lr0: number) => number;
  earlyStopping?: EarlyStopping;
  onEpochBegin?: (epoch: number, info: { batches: number; samples: number }) => void;
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void;
  onBatchEnd?: (batch: number, logs: BatchLogs) => void;
}

/** Per-epoch records, Keras's History.history with the epoch numbers (0-based) alongside. */
export interface History {
  epoch: number[];
  loss: number[];
  lr: number[];
  accuracy?: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** With earlyStopping: the epoch with the best monitored value, and whether training stopped early. */
  bestEpoch?: number;
  stoppedEarly?: boolean;
}

/**
 * Mini-batch training. Each step: zeroGrad → forward → loss.forward → loss.backward →
 * model.backwardParams (backward without the unused dL/d(input)) → optimizer.step(model.paramGrads()).
 * Synchronous; the same seed gives bit-identical weights. A NaN or infinite loss throws NumericError before the step that would use it.
 *
 * Any model: a Sequential or any other Layer, or a graph Model with x and y given as one tensor per
 * input and output. With several outputs the loss is Σₖ lossWeights[k]·lossₖ(outputₖ, yₖ), and
 * accuracy (when asked for) is measured on the first output.
 */
export function fit(model: Trainable, x: Tensor | readonly Tensor[], y: Tensor | readonly Tensor[], options: FitOptions): History {
  const runner = runnerOf(model);
  const epochs = positiveInt('fit', 'epochs', options.epochs);
  const batchSize = positiveInt('fit', 'batchSize', options.batchSize ?? 32);
  const shuffle = boolean('fit', 'shuffle', options.shuffle ?? true);
  const metrics = checkMetrics('fit', options.metrics);
  const withAccuracy = metrics.includes('accuracy');
  const { optimizer } = options;
  const losses = new LossSet('fit', options.loss, options.lossWeights, runner.outputCount);
  const xs = tensorList('fit', 'x', x, runner.inputCount);
  const ys = tensorList('fit', 'y', y, runner.outputCount);
  checkRows('fit', xs[0] as Tensor, ys[0] as Tensor);
  checkAllRows('fit', xs, ys);

  const [trainX, trainY, validation] = splitValidation(xs, ys, options, runner.inputCount, runner.outputCount);
  const stopper = options.earlyStopping
    ? new EarlyStopper(options.earlyStopping, validation !== undefined, withAccuracy)
    : undefined;
  const n = (trainX[0] as Tensor).shape[0] as number;
  const batches = Math.ceil(n / batchSize);
  const history: History = { epoch: [], loss: [], lr: [] };
  if (withAccuracy) history.accuracy = [];
  if (validation) history.valLoss = [];
  if (validation && withAccuracy) history.valAccuracy = [];

  const rng = options.seed !== undefined ? createRng(options.seed) : globalRng();
  if (options.seed !== undefined) runner.setRng(createRng(options.seed + 1));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const lr0 = optimizer.lr;
  const wasTraining = runner.training;
  const params = runner.paramGrads();
  const batchXs = trainX.map((t) => new BatchBuffer(t, batchSize));
  const batchYs = trainY.map((t) => new BatchBuffer(t, batchSize));
  // A layer used twice hands out one output buffer per use: no reuse then (see graph/uses.ts).
  const reuse = findShared([model as Layer]).size === 0;

  runner.training = true;
  if (reuse) enterBufferReuse();
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (options.schedule) optimizer.lr = scheduledRate(options.schedule, epoch, lr0);
      if (shuffle) rng.shuffle(order);
      options.onEpochBegin?.(epoch, { batches, samples: n });

      let lossSum = 0;
      let correct = 0;
      let counted = 0;
      let seen = 0;
      for (let batch = 0; batch < batches; batch++) {
        const start = batch * batchSize;
        const end = Math.min(n, start + batchSize);
        const xb = batchXs.map((b) => b.gather(order, start, end));
        const yb = batchYs.map((b) => b.gather(order, start, end));
        for (const p of params) p.grad.data.fill(0);
        const outputs = runner.forward(xb);
        const value = losses.forward(outputs, yb);
        if (!Number.isFinite(value)) throw divergence(value, epoch, batch, losses.first, optimizer);
        runner.backwardParams(losses.backward());
        optimizer.step(params);

        lossSum += value * (end - start);
        seen += end - start;
        if (withAccuracy) {
          const counts = accuracyCounts(outputs[0] as Tensor, yb[0] as Tensor, losses.threshold, losses.first.ignoreIndex);
          correct += counts.correct;
          counted += counts.counted;
        }
        options.onBatchEnd?.(batch, {
          epoch,
          batch,
          batches,
          size: end - start,
          loss: lossSum / seen,
          ...(withAccuracy ? { accuracy: counted === 0 ? 0 : correct / counted } : {}),
        });
      }

      const logs: EpochLogs = { loss: lossSum / n, lr: optimizer.lr };
      if (withAccuracy) logs.accuracy = counted === 0 ? 0 : correct / counted;
      if (validation) {
        const result = evaluate(model, validation[0], validation[1], {
          loss: options.loss,
          lossWeights: options.lossWeights,
          metrics,
          batchSize,
        });
        logs.valLoss = result.loss;
        if (result.accuracy !== undefined) logs.valAccuracy = result.accuracy;
        runner.training = true;
      }
      record(history, epoch, logs);
      if (options.verbose) console.log(formatEpoch(epoch, epochs, logs));
      options.onEpochEnd?.(epoch, logs);
      if (stopper?.update(epoch, logs, params, runner.buffers())) break;
    }
    if (stopper) {
      stopper.finish(params, runner.buffers());
      history.bestEpoch = stopper.bestEpoch;
      history.stoppedEarly = stopper.stopped;
    }
  } finally {
    if (reuse) exitBufferReuse();
    if (!wasTraining) runner.training = false;
  }
  return history;
}

/** Keras's validation_split: the last fraction of the rows, before any shuffling. */
function splitValidation(
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  options: FitOptions,
  inputCount: number,
  outputCount: number,
): [readonly Tensor[], readonly Tensor[], readonly [Tensor[], Tensor[]] | undefined] {
  if (options.validationData) {
    if (options.validationSplit !== undefined) {
      throw new ConfigError('fit: expected validationSplit or validationData, got both; pass only one');
    }
    const vx = tensorList('fit: validationData', 'x', options.validationData[0], inputCount);
    const vy = tensorList('fit: validationData', 'y', options.validationData[1], outputCount);
    checkRows('fit: validationData', vx[0] as Tensor, vy[0] as Tensor);
    checkAllRows('fit: validationData', vx, vy);
    return [xs, ys, [[...vx], [...vy]]];
  }
  if (options.validationSplit === undefined || options.validationSplit === 0) return [xs, ys, undefined];
  const fraction = inRange('fit', 'validationSplit', options.validationSplit, 0, 1);
  const n = (xs[0] as Tensor).shape[0] as number;
  const split = Math.floor(n * (1 - fraction));
  if (split === 0 || split === n) {
    throw new DataError(
      `fit: validationSplit ${fraction} of ${n} rows leaves ${split === 0 ? 'no training' : 'no validation'} rows; use more data or another fraction`,
    );
  }
  const head = (list: readonly Tensor[]) => list.map((t) => rowsView(t, 0, split));
  const tail = (list: readonly Tensor[]) => list.map((t) => rowsView(t, split, n));
  return [head(xs), head(ys), [tail(xs), tail(ys)]];
}

function scheduledRate(schedule: (epoch: number, lr0: number) => number, epoch: number, lr0: number): number {
  return nonNegativeNumber('fit: schedule', `the learning rate for epoch ${epoch}`, schedule(epoch, lr0));
}

function divergence(value: number, epoch: number, batch: number, loss: Loss, optimizer: Optimizer): NumericError {
  return new NumericError(
    `fit: expected a finite loss, got ${value} (${loss.name}) at epoch ${epoch}, batch ${batch}; ` +
      `training diverged: try a lower learning rate than ${optimizer.lr} (e.g. ${optimizer.lr / 10}), ` +
      'normalise the inputs, or clip the gradients',
  );
}

function record(history: History, epoch: number, logs: EpochLogs): void {
  history.epoch.push(epoch);
  history.loss.push(logs.loss);
  history.lr.push(logs.lr);
  if (logs.accuracy !== undefined) history.accuracy?.push(logs.accuracy);
  if (logs.valLoss !== undefined) history.valLoss?.push(logs.valLoss);
  if (logs.valAccuracy !== undefined) history.valAccuracy?.push(logs.valAccuracy);
}

function formatEpoch(epoch: number, epochs: number, logs: EpochLogs): string {
  const parts = [`Epoch ${epoch + 1}/${epochs}`, `loss: ${logs.loss.toFixed(4)}`];
  if (logs.accuracy !== undefined) parts.push(`accuracy: ${logs.accuracy.toFixed(4)}`);
  if (logs.valLoss !== undefined) parts.push(`valLoss: ${logs.valLoss.toFixed(4)}`);
  if (logs.valAccuracy !== undefined) parts.push(`valAccuracy: ${logs.valAccuracy.toFixed(4)}`);
  parts.push(`lr: ${logs.lr}`);
  return parts.join(' - ');
}
