import { ShapeError, formatShape } from '../errors';
import { addRowVector, gemm, sumRows, swapAxes01 } from '../kernels';
import type { Rng } from '../tensor/rng';
import { globalRng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type FloatArray, type Shape } from '../tensor/Tensor';
import { boolean, positiveInt } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import type { LayerConfig } from './LayerConfig';

export interface RecurrentOptions {
  /** Output every step [batch, time, hidden] instead of the last one [batch, hidden]. */
  returnSequences?: boolean;
  rng?: Rng;
  dtype?: DType;
}

/** Shapes of one forward, kept for backward. */
export interface StepShape {
  readonly batch: number;
  readonly time: number;
}

/**
 * The shared body of SimpleRNN, LSTM and GRU (batch-first sequences, zero initial state), in the X·W
 * orientation of Linear with G gate blocks of `hidden` columns:
 *   P = X·W + b           for all steps at once: X time-major [time·batch, in], W = kernel [in, G·hidden]
 *   h_t = cell(P_t, h_{t−1}·U, …)   one GEMM per step, U = recurrentKernel [hidden, G·hidden]
 *   output: h_1 … h_T as [batch, time, hidden] (returnSequences) or h_T as [batch, hidden]
 * backward (through time, from the last step to the first), with dP the gradient of P that the
 * subclass's steps produce:  dW += Xᵀ·dP,  db += Σ_rows dP,  dX = dP·Wᵀ.
 * State is kept time-major ([time, batch, …]) so each step's rows are contiguous for the GEMMs.
 * Initialisation as PyTorch: every parameter U(±1/√hidden), from `rng`.
 */
export abstract class RecurrentLayer implements Layer {
  abstract readonly name: string;
  training = true;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly returnSequences: boolean;
  readonly kernel: Param;
  readonly recurrentKernel: Param;
  readonly bias: Param;
  /** Gate blocks per step (LSTM 4, GRU 3, SimpleRNN 1). */
  protected readonly gates: number;
  protected readonly rng: Rng;
  private shape: StepShape | undefined;
  /** Named work buffers, reused inside fit (see tensor/reuse.ts). */
  private readonly pool = new Map<string, Tensor>();

  protected constructor(name: string, gates: number, inputSize: number, hiddenSize: number, options: RecurrentOptions) {
    this.inputSize = positiveInt(name, 'inputSize', inputSize);
    this.hiddenSize = positiveInt(name, 'hiddenSize', hiddenSize);
    this.returnSequences = boolean(name, 'returnSequences', options.returnSequences ?? false);
    this.gates = gates;
    this.rng = options.rng ?? globalRng();
    const width = gates * hiddenSize;
    this.kernel = this.param('kernel', [inputSize, width], options.dtype);
    this.recurrentKernel = this.param('recurrentKernel', [hiddenSize, width], options.dtype);
    this.bias = this.param('bias', [width], options.dtype);
  }

  /** A parameter drawn from U(±1/√hidden) (PyTorch's RNN initialisation). */
  protected param(name: string, shape: Shape, dtype: DType = 'float32'): Param {
    const limit = 1 / Math.sqrt(this.hiddenSize);
    return { name, value: Tensor.uniform(shape, -limit, limit, this.rng, dtype), grad: Tensor.zeros(shape, dtype) };
  }

  /** A new work buffer `name` of `size` values in `dtype` (the same one again inside fit, old values left). */
  protected buffer(name: string, size: number, dtype: DType): FloatArray {
    const t = reuseOrZeros(this.pool.get(name), [size], dtype);
    this.pool.set(name, t);
    return t.data;
  }

  /** The work buffer `name` as the last forward left it. */
  protected cached(name: string): FloatArray {
    return requireCache(this.pool.get(name), this.name).data;
  }

  /**
   * Runs the recurrence over P (time-major [time·batch, G·hidden], x·W + b, which the subclass may
   * overwrite with its activations) and writes h_t into hs block t + 1 (block 0 holds zeros).
   */
  protected abstract steps(p: FloatArray, hs: FloatArray, shape: StepShape, dtype: DType): void;

  /**
   * Backward through time: dH holds dL/dh_t for every step (time-major, from the output only; the
   * subclass adds the recurrent part); writes dP and adds into its recurrent parameters' grads.
   */
  protected abstract backSteps(dH: FloatArray, hs: FloatArray, dP: FloatArray, shape: StepShape, dtype: DType): void;

  abstract toConfig(): LayerConfig;

  forward(x: Tensor): Tensor {
    this.outputShape(x.shape);
    const [batch, time] = x.shape as [number, number];
    const { inputSize: n, hiddenSize: h } = this;
    const width = this.gates * h;
    const dtype = this.kernel.value.dtype;
    const rows = time * batch;
    const xt = this.buffer('xt', rows * n, dtype);
    swapAxes01(x.data, batch, time, n, xt);
    const p = this.buffer('p', rows * width, dtype);
    gemm(false, false, rows, width, n, 1, xt, this.kernel.value.data, 0, p);
    addRowVector(p, this.bias.value.data, rows, width);
    const hs = this.buffer('hs', (time + 1) * batch * h, dtype);
    hs.fill(0, 0, batch * h);
    this.shape = { batch, time };
    this.steps(p, hs, this.shape, dtype);
    const out = reuseOrZeros(this.pool.get('out'), this.returnSequences ? [batch, time, h] : [batch, h], dtype);
    this.pool.set('out', out);
    if (this.returnSequences) swapAxes01(hs.subarray(batch * h), time, batch, h, out.data);
    else out.data.set(hs.subarray(time * batch * h));
    return out;
  }

  backward(gradOut: Tensor): Tensor {
    const dP = this.backwardParamsAndSteps(gradOut);
    const { batch, time } = this.shape as StepShape;
    const n = this.inputSize;
    const width = this.gates * this.hiddenSize;
    const dtype = gradOut.dtype;
    const dxt = this.buffer('dxt', time * batch * n, dtype);
    gemm(false, true, time * batch, n, width, 1, dP, this.kernel.value.data, 0, dxt);
    const gradIn = reuseOrZeros(this.pool.get('gradIn'), [batch, time, n], dtype);
    this.pool.set('gradIn', gradIn);
    swapAxes01(dxt, time, batch, n, gradIn.data);
    return gradIn;
  }

  /** The parameter gradients only, for a first layer (see Layer.backwardParams). */
  backwardParams(gradOut: Tensor): void {
    this.backwardParamsAndSteps(gradOut);
  }

  private backwardParamsAndSteps(gradOut: Tensor): FloatArray {
    const shape = requireCache(this.shape, this.name);
    const { batch, time } = shape;
    const h = this.hiddenSize;
    const width = this.gates * h;
    const rows = time * batch;
    const dtype = gradOut.dtype;
    expectGradShape(this.name, this.returnSequences ? [batch, time, h] : [batch, h], gradOut.shape);
    const dH = this.buffer('dH', rows * h, dtype);
    if (this.returnSequences) {
      swapAxes01(gradOut.data, batch, time, h, dH);
    } else {
      dH.fill(0, 0, (time - 1) * batch * h);
      dH.set(gradOut.data, (time - 1) * batch * h);
    }
    const dP = this.buffer('dP', rows * width, dtype);
    this.backSteps(dH, this.cached('hs'), dP, shape, dtype);
    // dW += Xᵀ·dP  ([in, time·batch]·[time·batch, G·hidden]),  db += Σ_rows dP
    gemm(true, false, this.inputSize, width, rows, 1, this.cached('xt'), dP, 1, this.kernel.grad.data);
    sumRows(dP, rows, width, this.bias.grad.data, 1);
    return dP;
  }

  paramGrads(): readonly Param[] {
    return [this.kernel, this.recurrentKernel, this.bias];
  }

  outputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 3 || inputShape[2] !== this.inputSize || (inputShape[1] as number) < 1) {
      throw new ShapeError(
        `${this.name}: expected input of shape [batch, time, ${this.inputSize}] (time ≥ 1), got ${formatShape(inputShape)}`,
      );
    }
    const [batch, time] = inputShape as [number, number];
    return this.returnSequences ? [batch, time, this.hiddenSize] : [batch, this.hiddenSize];
  }
}
