import { countCorrect, createRng, gradCheck, Tensor, thresholdFor, type Rng, type GradCheckResult, type Layer, type Loss, type Optimizer, type Sequential } from '../../src';
import { softmaxRows, sumSquares } from '../../src/kernels';
import type { CurvePoint } from '../../src/report/charts';
import type { Dataset } from './datasets';
import type { LossName } from './network';

/*
 * Mini-batch training one batch at a time, written out the way the chapter does it (and fit does
 * it): zeroGrad → each layer's forward → loss → loss.backward → each layer's backward, last to
 * first → optimizer.step. Going through the layers one by one keeps every activation and every
 * gradient of the latest batch for the backprop inspector.
 */

/** One layer's view of the latest batch: its output, dL/d(output), and their norms. */
export interface LayerTrace {
  readonly index: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly output: Float32Array | Float64Array;
  readonly gradOut: Float32Array | Float64Array;
  readonly outputNorm: number;
  readonly gradNorm: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
}

/** Targets in the form each loss takes: labels, one-hot rows, or one 0/1 column. */
function targets(y: Tensor, classes: number, loss: LossName): Tensor {
  const n = y.shape[0] as number;
  if (loss === 'CrossEntropyLoss') return y;
  if (loss === 'BCEWithLogitsLoss') return y.reshape([n, 1]);
  const oneHot = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) oneHot[i * classes + (y.data[i] as number)] = 1;
  return Tensor.from(oneHot, [n, classes]);
}

const norm = (data: Float32Array | Float64Array): number => Math.sqrt(sumSquares(data));

/** Keeps at most this many gradient-norm samples per parameter (thinned by doubling the stride). */
const NORM_SAMPLES = 240;

export class Trainer {
  readonly trainTarget: Tensor;
  readonly validTarget: Tensor;
  epoch = 0;
  step = 0;
  readonly history: EpochRecord[] = [];
  /** Parameter gradient norms over steps, one series per parameter ("0.weight"). */
  gradNorms: CurvePoint[] = [];
  trace: LayerTrace[] = [];
  lastBatch: { x: Tensor; target: Tensor } | undefined;
  private readonly rng: Rng;
  private normStride = 1;
  private order: Int32Array;
  private cursor = 0;
  private lossSum = 0;
  private correct = 0;
  private seen = 0;

  constructor(
    readonly model: Sequential,
    readonly loss: Loss,
    readonly lossName: LossName,
    readonly optimizer: Optimizer,
    readonly data: Dataset,
    readonly batchSize: number,
    seed: number,
  ) {
    this.rng = createRng(seed);
    this.trainTarget = targets(data.y, data.classes, lossName);
    this.validTarget = targets(data.validY, data.classes, lossName);
    this.order = Int32Array.from({ length: data.y.shape[0] as number }, (_, i) => i);
    this.shuffle();
    model.train();
  }

  get rows(): number {
    return this.order.length;
  }

  /** One batch: forward, loss, backward, optimizer step; at the end of an epoch, evaluate. */
  trainStep(): void {
    const end = Math.min(this.rows, this.cursor + this.batchSize);
    const x = gatherRows(this.data.x, this.order, this.cursor, end);
    const target = gatherRows(this.trainTarget, this.order, this.cursor, end);
    this.cursor = end;
    const { output, value } = this.forwardBackward(x, target);
    this.optimizer.step(this.model.paramGrads());
    this.lastBatch = { x, target };
    this.step++;
    this.recordNorms();
    this.lossSum += value * (x.shape[0] as number);
    this.correct += countCorrect(output, target, thresholdFor(this.loss.output));
    this.seen += x.shape[0] as number;
    if (this.cursor >= this.rows) this.endEpoch();
  }

  /**
   * zeroGrad, every layer's forward and backward on (x, target), keeping the trace; returns the
   * network's output and the loss. Parameters are not updated.
   */
  forwardBackward(x: Tensor, target: Tensor): { output: Tensor; value: number } {
    const layers = this.model.layers;
    this.model.zeroGrad();
    const outputs: Tensor[] = [];
    let h = x;
    for (const layer of layers) {
      h = layer.forward(h);
      outputs.push(h);
    }
    const value = this.loss.forward(h, target);
    if (!Number.isFinite(value)) {
      throw new Error(`the loss is ${value} at step ${this.step}: training diverged; lower the learning rate and press Reset`);
    }
    let grad = this.loss.backward();
    const grads: Tensor[] = new Array<Tensor>(layers.length);
    for (let i = layers.length - 1; i >= 0; i--) {
      grads[i] = grad;
      grad = (layers[i] as Layer).backward(grad);
    }
    this.trace = layers.map((layer, i) => {
      const out = outputs[i] as Tensor;
      const g = grads[i] as Tensor;
      return { index: i, name: layer.name, shape: out.shape, output: out.data, gradOut: g.data, outputNorm: norm(out.data), gradNorm: norm(g.data) };
    });
    return { output: h, value };
  }

  /** Re-runs forward and backward on the latest batch (after a reset or a load) without a step. */
  inspectBatch(): void {
    const end = Math.min(this.rows, this.batchSize);
    const batch = this.lastBatch ?? { x: gatherRows(this.data.x, this.order, 0, end), target: gatherRows(this.trainTarget, this.order, 0, end) };
    this.forwardBackward(batch.x, batch.target);
    this.lastBatch = batch;
  }

  /** gradCheck of the whole network through the loss on (up to 8 rows of) the latest batch, in float64. */
  checkGradients(): GradCheckResult {
    this.inspectBatch();
    const batch = this.lastBatch!;
    const rows = Math.min(8, batch.x.shape[0] as number);
    const x = gatherRows(batch.x, Int32Array.from({ length: rows }, (_, i) => i), 0, rows);
    const target = gatherRows(batch.target, Int32Array.from({ length: rows }, (_, i) => i), 0, rows);
    return gradCheck(this.model, x, { loss: this.loss, target: target.astype('float64'), tolerance: 1e-4 });
  }

  /** Class probabilities (softmax, or the sigmoid of one logit) for each row of `x`. */
  probabilities(x: Tensor): { probs: Float32Array; classes: number } {
    const output = this.model.predict(x);
    const rows = x.shape[0] as number;
    if (this.lossName === 'BCEWithLogitsLoss') {
      const probs = new Float32Array(rows * 2);
      for (let i = 0; i < rows; i++) {
        const p = 1 / (1 + Math.exp(-(output.data[i] as number)));
        probs[2 * i] = 1 - p;
        probs[2 * i + 1] = p;
      }
      return { probs, classes: 2 };
    }
    const classes = output.shape[1] as number;
    const probs = new Float32Array(rows * classes);
    softmaxRows(output.data, probs, rows, classes);
    return { probs, classes };
  }

  private endEpoch(): void {
    const train = this.model.evaluate(this.data.x, this.trainTarget, { loss: this.loss, metrics: ['accuracy'] });
    const valid = this.model.evaluate(this.data.validX, this.validTarget, { loss: this.loss, metrics: ['accuracy'] });
    this.model.train();
    this.history.push({
      epoch: this.epoch,
      loss: this.lossSum / this.seen,
      accuracy: train.accuracy ?? this.correct / this.seen,
      valLoss: valid.loss,
      valAccuracy: valid.accuracy ?? 0,
    });
    this.epoch++;
    this.cursor = 0;
    this.lossSum = 0;
    this.correct = 0;
    this.seen = 0;
    this.shuffle();
  }

  private shuffle(): void {
    this.rng.shuffle(this.order);
  }

  private recordNorms(): void {
    if (this.step % this.normStride !== 0) return;
    for (const p of this.model.paramGrads()) this.gradNorms.push({ x: this.step, y: Math.max(norm(p.grad.data), 1e-12), series: p.name });
    const params = this.model.paramGrads().length;
    if (this.gradNorms.length > NORM_SAMPLES * params) {
      this.normStride *= 2;
      this.gradNorms = this.gradNorms.filter((point) => point.x % this.normStride === 0);
    }
  }
}

/** Rows order[start..end) of `t` as a new tensor. */
export function gatherRows(t: Tensor, order: Int32Array, start: number, end: number): Tensor {
  const width = t.size / (t.shape[0] as number);
  const out = new Float32Array((end - start) * width);
  for (let r = start; r < end; r++) {
    const src = order[r] as number;
    out.set(t.data.subarray(src * width, (src + 1) * width), (r - start) * width);
  }
  return Tensor.from(out, [end - start, ...t.shape.slice(1)]);
}
