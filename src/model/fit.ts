import { ConfigError, DataError, NumericError } from '../errors';
import { firstNonFinite } from '../kernels';
import type { Loss } from '../losses/Loss';
import type { Optimizer } from '../optim/Optimizer';
import { createRng, globalRng } from '../tensor/rng';
import { enterBufferReuse, exitBufferReuse } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { boolean, inRange, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../validate';
import { checkResume, copyHistory, decodeOrder, encodeOrder, type FitState } from './fitState';
import { BatchBuffer } from './BatchBuffer';
import { NormRecorder, type ParamNorms } from './NormRecorder';
import { platform } from '../platform';
import { EarlyStopper, type EarlyStopping } from './EarlyStopper';
import { checkMetrics, checkRows, evaluate, rowsView } from './evaluate';
import { accuracyCounts, type Metric } from './metrics';
import { findShared } from '../graph/uses';
import type { Layer } from '../layers/Layer';
import { LossSet } from './LossSet';
import { checkAllRows, runnerOf, tensorList, type Trainable } from './Trainable';

export type { EarlyStopping } from './EarlyStopper';
export type { FitState } from './fitState';
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
  /**
   * Divergence: training stops with a NumericError when an epoch's loss exceeds this factor times
   * the loss of the very first batch (the untrained model's loss); default 1e4. NaN, infinite
   * losses and non-finite weights always stop it.
   */
  divergenceFactor?: number;
  /**
   * Skip the last, smaller batch of each epoch (PyTorch's drop_last). Without it, a last batch of a
   * single row is merged into the one before when the model has batch-statistics layers (BatchNorm),
   * which cannot normalise one row.
   */
  dropLast?: boolean;
  /** The epoch to start at (0-based; Keras's initial_epoch): `epochs` is the total, so epochs − initialEpoch are run. */
  initialEpoch?: number;
  /** The loop state a checkpoint captured (FitState, with the model's weights and the optimizer's state restored by the caller). */
  resume?: FitState;
  /** Called every `every` epochs (and when early stopping ends training) with the loop state, to write a checkpoint. */
  checkpoint?: { every?: number; save: (state: FitState) => void };
  /**
   * Record per-parameter gradient and weight L2 norms per epoch in `history.norms` (see
   * NormRecorder: the gradient norm is averaged over the epoch's batches, the weight norm is taken
   * at the end of the epoch). Off by default: it reads every gradient once more per batch.
   */
  recordNorms?: boolean;
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
  /** With recordNorms: per parameter name, the gradient and weight L2 norms of each epoch. */
  norms?: ParamNorms;
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
  const run = training(model, x, y, options);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
  }
}

/**
 * fit that gives the event loop a turn after every batch (a page stays responsive, a server keeps
 * serving): the same arguments, the same steps in the same order, so the same seed gives the same
 * weights as fit. Callbacks run between batches; the model must not be trained by anything else
 * until the promise settles.
 */
export async function fitAsync(model: Trainable, x: Tensor | readonly Tensor[], y: Tensor | readonly Tensor[], options: FitOptions): Promise<History> {
  const run = training(model, x, y, options);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
    await platform.yieldToEventLoop();
  }
}

/** fit's loop as a generator that pauses after each batch (fit runs it straight through). */
function* training(model: Trainable, x: Tensor | readonly Tensor[], y: Tensor | readonly Tensor[], options: FitOptions): Generator<void, History, void> {
  checkParts(options);
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
  xs.forEach((t, i) => checkFinite(xs.length > 1 ? `x[${i}]` : 'x', t));
  ys.forEach((t, i) => checkFinite(ys.length > 1 ? `y[${i}]` : 'y', t));
  const divergenceFactor = positiveNumber('fit', 'divergenceFactor', options.divergenceFactor ?? 1e4);
  const dropLast = boolean('fit', 'dropLast', options.dropLast ?? false);
  const resume = options.resume;
  const initialEpoch = nonNegativeInt('fit', 'initialEpoch', options.initialEpoch ?? resume?.epoch ?? 0);
  const every = positiveInt('fit', 'checkpoint.every', options.checkpoint?.every ?? 1);

  const [trainX, trainY, validation] = splitValidation(xs, ys, options, runner.inputCount, runner.outputCount);
  const stopper = options.earlyStopping
    ? new EarlyStopper(options.earlyStopping, validation !== undefined, withAccuracy)
    : undefined;
  const n = (trainX[0] as Tensor).shape[0] as number;
  const { batches, lastEnd } = batchPlan(n, batchSize, dropLast, runner.buffers().length > 0);
  const history: History = resume ? copyHistory(resume.history) : { epoch: [], loss: [], lr: [] };
  if (withAccuracy) history.accuracy ??= [];
  if (validation) history.valLoss ??= [];
  if (validation && withAccuracy) history.valAccuracy ??= [];

  const rng = options.seed !== undefined ? createRng(options.seed) : globalRng();
  const layerRng = options.seed !== undefined ? createRng(options.seed + 1) : undefined;
  if (layerRng) runner.setRng(layerRng);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let lr0 = optimizer.lr;
  let reference: number | undefined; // the first batch's loss: the divergence rule's yardstick
  const wasTraining = runner.training;
  const params = runner.paramGrads();
  if (resume) {
    checkResume(resume, n);
    decodeOrder(resume.order, order);
    if (resume.shuffleRng) rng.setState(resume.shuffleRng);
    if (resume.layerRng && layerRng) layerRng.setState(resume.layerRng);
    lr0 = resume.lr0;
    reference = resume.lossReference ?? undefined;
    if (resume.earlyStopping && stopper) stopper.setState(resume.earlyStopping, params, runner.buffers());
  }
  const capture = (next: number): FitState => ({
    epoch: next,
    lr0,
    order: encodeOrder(order),
    shuffleRng: rng.getState(),
    layerRng: layerRng?.getState() ?? null,
    lossReference: reference ?? null,
    earlyStopping: stopper?.getState() ?? null,
    history: copyHistory(history),
  });
  const batchXs = trainX.map((t) => new BatchBuffer(t, batchSize));
  const batchYs = trainY.map((t) => new BatchBuffer(t, batchSize));
  // A layer used twice hands out one output buffer per use: no reuse then (see graph/uses.ts).
  const reuse = findShared([model as Layer]).size === 0;
  const norms = boolean('fit', 'recordNorms', options.recordNorms ?? false) ? new NormRecorder(params) : undefined;
  if (norms) history.norms = norms.norms;

  runner.training = true;
  if (reuse) enterBufferReuse();
  try {
    const alreadyStopped = resume?.earlyStopping?.stopped === true;
    for (let epoch = initialEpoch; epoch < epochs && !alreadyStopped; epoch++) {
      if (options.schedule) optimizer.lr = scheduledRate(options.schedule, epoch, lr0);
      if (shuffle) rng.shuffle(order);
      options.onEpochBegin?.(epoch, { batches, samples: n });

      let lossSum = 0;
      let correct = 0;
      let counted = 0;
      let seen = 0;
      for (let batch = 0; batch < batches; batch++) {
        const start = batch * batchSize;
        const end = batch === batches - 1 ? lastEnd : start + batchSize;
        const xb = batchXs.map((b) => b.gather(order, start, end));
        const yb = batchYs.map((b) => b.gather(order, start, end));
        for (const p of params) p.grad.data.fill(0);
        const outputs = runner.forward(xb);
        const value = losses.forward(outputs, yb);
        if (!Number.isFinite(value)) throw divergence(value, epoch, batch, losses.first, optimizer);
        reference ??= value;
        runner.backwardParams(losses.backward());
        norms?.batchEnd();
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
        // Other code runs during the pause (fitAsync): it gets fresh tensors, not fit's reused ones.
        if (reuse) exitBufferReuse();
        yield;
        if (reuse) enterBufferReuse();
      }

      norms?.epochEnd();
      const logs: EpochLogs = { loss: lossSum / seen, lr: optimizer.lr };
      if (withAccuracy) logs.accuracy = counted === 0 ? 0 : correct / counted;
      checkDivergence(logs.loss, reference as number, divergenceFactor, epoch, params, optimizer);
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
      const stop = stopper?.update(epoch, logs, params, runner.buffers()) ?? false;
      if (options.checkpoint && (stop || (epoch + 1) % every === 0 || epoch + 1 === epochs)) {
        options.checkpoint.save(capture(epoch + 1));
      }
      if (stop) break;
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

/** Batches per epoch and where the last one ends: dropLast skips a short tail; batch statistics never get a one-row batch. */
function batchPlan(n: number, batchSize: number, dropLast: boolean, batchStatistics: boolean): { batches: number; lastEnd: number } {
  const full = Math.floor(n / batchSize);
  const rest = n - full * batchSize;
  if (rest === 0) return { batches: full, lastEnd: n };
  if (dropLast && full > 0) return { batches: full, lastEnd: full * batchSize };
  if (rest === 1 && full > 0 && batchStatistics) return { batches: full, lastEnd: n }; // merged into the batch before
  return { batches: full + 1, lastEnd: n };
}

function checkParts(options: FitOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`fit: expected options { loss, optimizer, epochs, … }, got ${String(options)}`);
  }
  const losses: readonly unknown[] = Array.isArray(options.loss) ? options.loss : [options.loss];
  for (const loss of losses) {
    const candidate = loss as Partial<Loss> | undefined;
    if (typeof candidate?.forward !== 'function' || typeof candidate?.backward !== 'function') {
      throw new ConfigError(`fit: expected options.loss to be a loss (e.g. new CrossEntropyLoss()), got ${describeValue(loss)}`);
    }
  }
  if (typeof options.optimizer?.step !== 'function') {
    throw new ConfigError(`fit: expected options.optimizer to be an optimizer (e.g. new Adam({ lr: 0.001 })), got ${describeValue(options.optimizer)}`);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** NaN or Infinity in the data is bad data, found before training rather than blamed on the learning rate. */
function checkFinite(what: string, t: Tensor): void {
  const bad = firstNonFinite(t.data);
  if (bad < 0) return;
  const rows = t.shape[0] as number;
  const width = rows > 0 ? t.size / rows : 1;
  throw new DataError(
    `fit: expected finite numbers in ${what}, got ${t.data[bad] as number} at row ${Math.floor(bad / width)}, column ${bad % width}; ` +
      'remove or fill the missing values before training',
  );
}

/** The divergence rule: a non-finite weight, or an epoch loss above divergenceFactor × the first batch's loss. */
function checkDivergence(
  epochLoss: number,
  reference: number,
  factor: number,
  epoch: number,
  params: readonly { name: string; value: Tensor }[],
  optimizer: Optimizer,
): void {
  for (const param of params) {
    const bad = firstNonFinite(param.value.data);
    if (bad >= 0) {
      throw new NumericError(
        `fit: training diverged at epoch ${epoch}: weight "${param.name}"[${bad}] is ${param.value.data[bad] as number} ` +
          `(the rule: every weight stays finite); try a lower learning rate than ${optimizer.lr} (e.g. ${optimizer.lr / 10}) or clip the gradients`,
      );
    }
  }
  if (reference > 0 && epochLoss > factor * reference) {
    throw new NumericError(
      `fit: training diverged at epoch ${epoch}: the epoch's loss ${epochLoss.toPrecision(4)} exceeds ${factor} × the first batch's loss ` +
        `${reference.toPrecision(4)} (the rule: divergenceFactor × the initial loss; training.divergenceFactor in a config); ` +
        `try a lower learning rate than ${optimizer.lr} (e.g. ${optimizer.lr / 10}), normalise the inputs, or clip the gradients`,
    );
  }
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
