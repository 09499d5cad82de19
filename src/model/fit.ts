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
import { accuracyCounts, thresholdFor, type Metric } from './metrics';
import type { Sequential } from './Sequential';

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
  loss: Loss;
  optimizer: Optimizer;
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Seeds the shuffling and, through setRng, the stochastic layers (Dropout). */
  seed?: number;
  /** The LAST fraction of the rows (taken before shuffling, as Keras does) for validation. */
  validationSplit?: number;
  validationData?: readonly [Tensor, Tensor];
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
 */
export function fit(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): History {
  const epochs = positiveInt('fit', 'epochs', options.epochs);
  const batchSize = positiveInt('fit', 'batchSize', options.batchSize ?? 32);
  const shuffle = boolean('fit', 'shuffle', options.shuffle ?? true);
  const metrics = checkMetrics('fit', options.metrics);
  const withAccuracy = metrics.includes('accuracy');
  const { loss, optimizer } = options;
  const threshold = thresholdFor(loss.output); // a single output column: logits or probabilities
  checkRows('fit', x, y);

  const [trainX, trainY, validation] = splitValidation(x, y, options);
  const stopper = options.earlyStopping
    ? new EarlyStopper(options.earlyStopping, validation !== undefined, withAccuracy)
    : undefined;
  const n = trainX.shape[0] as number;
  const batches = Math.ceil(n / batchSize);
  const history: History = { epoch: [], loss: [], lr: [] };
  if (withAccuracy) history.accuracy = [];
  if (validation) history.valLoss = [];
  if (validation && withAccuracy) history.valAccuracy = [];

  const rng = options.seed !== undefined ? createRng(options.seed) : globalRng();
  if (options.seed !== undefined) model.setRng(createRng(options.seed + 1));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const lr0 = optimizer.lr;
  const wasTraining = model.training;
  const params = model.paramGrads();
  const batchX = new BatchBuffer(trainX, batchSize);
  const batchY = new BatchBuffer(trainY, batchSize);

  model.train();
  enterBufferReuse();
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
        const xb = batchX.gather(order, start, end);
        const yb = batchY.gather(order, start, end);
        model.zeroGrad();
        const output = model.forward(xb);
        const value = loss.forward(output, yb);
        if (!Number.isFinite(value)) throw divergence(value, epoch, batch, loss, optimizer);
        model.backwardParams(loss.backward());
        optimizer.step(params);

        lossSum += value * (end - start);
        seen += end - start;
        if (withAccuracy) {
          const counts = accuracyCounts(output, yb, threshold, loss.ignoreIndex);
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
        const result = evaluate(model, validation[0], validation[1], { loss, metrics, batchSize });
        logs.valLoss = result.loss;
        if (result.accuracy !== undefined) logs.valAccuracy = result.accuracy;
        model.train();
      }
      record(history, epoch, logs);
      if (options.verbose) console.log(formatEpoch(epoch, epochs, logs));
      options.onEpochEnd?.(epoch, logs);
      if (stopper?.update(epoch, logs, params, model.buffers())) break;
    }
    if (stopper) {
      stopper.finish(params, model.buffers());
      history.bestEpoch = stopper.bestEpoch;
      history.stoppedEarly = stopper.stopped;
    }
  } finally {
    exitBufferReuse();
    if (!wasTraining) model.eval();
  }
  return history;
}

/** Keras's validation_split: the last fraction of the rows, before any shuffling. */
function splitValidation(
  x: Tensor,
  y: Tensor,
  options: FitOptions,
): [Tensor, Tensor, readonly [Tensor, Tensor] | undefined] {
  if (options.validationData) {
    if (options.validationSplit !== undefined) {
      throw new ConfigError('fit: expected validationSplit or validationData, got both; pass only one');
    }
    const [vx, vy] = options.validationData;
    checkRows('fit: validationData', vx, vy);
    return [x, y, options.validationData];
  }
  if (options.validationSplit === undefined || options.validationSplit === 0) return [x, y, undefined];
  const fraction = inRange('fit', 'validationSplit', options.validationSplit, 0, 1);
  const n = x.shape[0] as number;
  const split = Math.floor(n * (1 - fraction));
  if (split === 0 || split === n) {
    throw new DataError(
      `fit: validationSplit ${fraction} of ${n} rows leaves ${split === 0 ? 'no training' : 'no validation'} rows; use more data or another fraction`,
    );
  }
  return [rowsView(x, 0, split), rowsView(y, 0, split), [rowsView(x, split, n), rowsView(y, split, n)]];
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
