import { ConfigError } from '../errors';
import { addRowVector, attentionBackward, attentionForward, gemm, sumRows } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type FloatArray, type Shape } from '../tensor/Tensor';
import { boolean, positiveInt } from '../validate';
import { initWeight } from './init';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { expectSequence } from './sequenceShape';

export interface MultiHeadAttentionConfig {
  readonly type: 'MultiHeadAttention';
  readonly embedDim: number;
  readonly numHeads: number;
  readonly causal?: boolean;
  readonly bias?: boolean;
}

export interface MultiHeadAttentionOptions {
  /** Step t attends to steps ≤ t only (a language model's mask). */
  causal?: boolean;
  /** Biases on the four projections (default true). */
  bias?: boolean;
  rng?: Rng;
  dtype?: DType;
}

/**
 * Multi-head self-attention (Vaswani et al. 2017) with PyTorch's nn.MultiheadAttention math, batch
 * first, E = embedDim, h = numHeads, d = E/h, X: [batch, time, E] → Y: [batch, time, E]:
 *   Q = X·Wq + bq,  K = X·Wk + bk,  V = X·Wv + bv            (W: [E, E], X·W orientation)
 *   per head: A = softmax(Q_h·K_hᵀ / √d) (causal: −∞ above the diagonal),  O_h = A·V_h
 *   Y = concat_h(O_h)·Wo + bo
 * backward: dWo += Oᵀ·dY, dO = dY·Woᵀ, attention backward (see attentionBackward) to dQ, dK, dV,
 *   dWq += Xᵀ·dQ (likewise k, v), dX = dQ·Wqᵀ + dK·Wkᵀ + dV·Wvᵀ.
 * PyTorch: in_proj_weight = [Wqᵀ; Wkᵀ; Wvᵀ], in_proj_bias = [bq; bk; bv], out_proj = (Woᵀ, bo).
 * Initialisation as PyTorch: Wq, Wk, Wv Xavier-uniform over the stacked [3E, E], Wo U(±1/√E), biases 0.
 */
export class MultiHeadAttention implements Layer {
  readonly name = 'MultiHeadAttention';
  training = true;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly causal: boolean;
  readonly qWeight: Param;
  readonly kWeight: Param;
  readonly vWeight: Param;
  readonly outWeight: Param;
  readonly qBias: Param | undefined;
  readonly kBias: Param | undefined;
  readonly vBias: Param | undefined;
  readonly outBias: Param | undefined;
  private input: Tensor | undefined;
  /** Work buffers by name, reused inside fit (see tensor/reuse.ts). */
  private readonly pool = new Map<string, Tensor>();

  constructor(embedDim: number, numHeads: number, options: MultiHeadAttentionOptions = {}) {
    this.embedDim = positiveInt('MultiHeadAttention', 'embedDim', embedDim);
    this.numHeads = positiveInt('MultiHeadAttention', 'numHeads', numHeads);
    if (embedDim % numHeads !== 0) {
      throw new ConfigError(`MultiHeadAttention: expected embedDim to be divisible by numHeads = ${numHeads}, got ${embedDim}`);
    }
    this.causal = boolean('MultiHeadAttention', 'causal', options.causal ?? false);
    const useBias = boolean('MultiHeadAttention', 'bias', options.bias ?? true);
    const dtype = options.dtype ?? 'float32';
    const rng = options.rng ?? globalRng();
    const square = [embedDim, embedDim];
    const param = (name: string, value: Tensor): Param => ({ name, value, grad: Tensor.zeros(value.shape, dtype) });
    this.qWeight = param('qWeight', initWeight('xavierUniform', square, embedDim, 3 * embedDim, rng, dtype));
    this.kWeight = param('kWeight', initWeight('xavierUniform', square, embedDim, 3 * embedDim, rng, dtype));
    this.vWeight = param('vWeight', initWeight('xavierUniform', square, embedDim, 3 * embedDim, rng, dtype));
    const limit = 1 / Math.sqrt(embedDim);
    this.outWeight = param('outWeight', Tensor.uniform(square, -limit, limit, rng, dtype));
    const zeros = (name: string) => (useBias ? param(name, Tensor.zeros([embedDim], dtype)) : undefined);
    this.qBias = zeros('qBias');
    this.kBias = zeros('kBias');
    this.vBias = zeros('vBias');
    this.outBias = zeros('outBias');
  }

  private buffer(name: string, shape: Shape, dtype: DType): Tensor {
    const t = reuseOrZeros(this.pool.get(name), shape, dtype);
    this.pool.set(name, t);
    return t;
  }

  private cached(name: string): FloatArray {
    return requireCache(this.pool.get(name), this.name).data;
  }

  /** Y = X·W + b on [rows, E]. */
  private project(x: FloatArray, weight: Param, bias: Param | undefined, rows: number, out: FloatArray): void {
    const e = this.embedDim;
    gemm(false, false, rows, e, e, 1, x, weight.value.data, 0, out);
    if (bias) addRowVector(out, bias.value.data, rows, e);
  }

  forward(x: Tensor): Tensor {
    const [batch, time, e] = expectSequence(this.name, x.shape, this.embedDim);
    const rows = batch * time;
    const dtype = this.qWeight.value.dtype;
    const d = e / this.numHeads;
    const q = this.buffer('q', [rows, e], dtype).data;
    const k = this.buffer('k', [rows, e], dtype).data;
    const v = this.buffer('v', [rows, e], dtype).data;
    this.project(x.data, this.qWeight, this.qBias, rows, q);
    this.project(x.data, this.kWeight, this.kBias, rows, k);
    this.project(x.data, this.vWeight, this.vBias, rows, v);
    const probs = this.buffer('probs', [batch, this.numHeads, time, time], dtype).data;
    const o = this.buffer('o', [rows, e], dtype).data;
    attentionForward(q, k, v, batch, time, this.numHeads, d, 1 / Math.sqrt(d), this.causal, probs, o);
    const y = this.buffer('y', x.shape, dtype);
    this.project(o, this.outWeight, this.outBias, rows, y.data);
    this.input = x;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = requireCache(this.input, this.name);
    expectGradShape(this.name, x.shape, gradOut.shape);
    const [batch, time, e] = x.shape as [number, number, number];
    const rows = batch * time;
    const dtype = gradOut.dtype;
    const d = e / this.numHeads;
    const dy = gradOut.data;
    // Output projection: dWo += Oᵀ·dY, dbo += Σ dY, dO = dY·Woᵀ
    gemm(true, false, e, e, rows, 1, this.cached('o'), dy, 1, this.outWeight.grad.data);
    if (this.outBias) sumRows(dy, rows, e, this.outBias.grad.data, 1);
    const dO = this.buffer('dO', [rows, e], dtype).data;
    gemm(false, true, rows, e, e, 1, dy, this.outWeight.value.data, 0, dO);
    const dq = this.buffer('dq', [rows, e], dtype).data;
    const dk = this.buffer('dk', [rows, e], dtype).data;
    const dv = this.buffer('dv', [rows, e], dtype).data;
    const dScores = this.buffer('dScores', [time], dtype).data;
    attentionBackward(
      this.cached('q'), this.cached('k'), this.cached('v'), this.cached('probs'), dO, batch, time, this.numHeads, d,
      1 / Math.sqrt(d), dq, dk, dv, dScores,
    );
    const gradIn = this.buffer('gradIn', x.shape, dtype);
    const projections: [FloatArray, Param, Param | undefined][] = [
      [dq, this.qWeight, this.qBias], [dk, this.kWeight, this.kBias], [dv, this.vWeight, this.vBias],
    ];
    projections.forEach(([g, weight, bias], i) => {
      gemm(true, false, e, e, rows, 1, x.data, g, 1, weight.grad.data);
      if (bias) sumRows(g, rows, e, bias.grad.data, 1);
      gemm(false, true, rows, e, e, 1, g, weight.value.data, i === 0 ? 0 : 1, gradIn.data);
    });
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    const weights = [this.qWeight, this.kWeight, this.vWeight, this.outWeight];
    return this.qBias ? [...weights, this.qBias, this.kBias as Param, this.vBias as Param, this.outBias as Param] : weights;
  }

  outputShape(inputShape: Shape): Shape {
    expectSequence(this.name, inputShape, this.embedDim);
    return inputShape;
  }

  toConfig(): MultiHeadAttentionConfig {
    return {
      type: 'MultiHeadAttention', embedDim: this.embedDim, numHeads: this.numHeads, causal: this.causal,
      bias: this.qBias !== undefined,
    };
  }
}
