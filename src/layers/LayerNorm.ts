import { ShapeError, formatShape } from '../errors';
import { layerNormBackward, layerNormForward } from '../kernels';
import { reuseOrZeros, reusingBuffers } from '../tensor/reuse';
import { Tensor, type DType, type FloatArray, type Shape } from '../tensor/Tensor';
import { positiveNumber, optionError } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';

export interface LayerNormConfig {
  readonly type: 'LayerNorm';
  readonly normalizedShape: number | readonly number[];
  readonly eps?: number;
}

export interface LayerNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  dtype?: DType;
}

/**
 * Layer normalisation (Ba et al. 2016), as PyTorch's nn.LayerNorm: each sample is normalised over
 * its trailing dimensions `normalizedShape` (D values), the same in training and eval:
 *   x̂ = (x − μ) / √(σ² + ε),  μ, σ² = mean and biased variance of those D values
 *   y = γ ⊙ x̂ + β,            γ, β: normalizedShape
 * backward, with g = dy ⊙ γ:  dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(σ² + ε),
 *   dγ += Σ_rows dy ⊙ x̂,  dβ += Σ_rows dy.
 */
export class LayerNorm extends LayerBase implements Layer {
  readonly name = 'LayerNorm';
  training = true;
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly gamma: Param;
  readonly beta: Param;
  private cache: { xhat: Tensor; invStd: FloatArray } | undefined;
  /** Reused inside fit (see tensor/reuse.ts), like xhat and invStd in the cache; the kernels write every entry. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const dims = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(dims) || dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
      throw optionError('LayerNorm', 'normalizedShape', 'a positive integer or a non-empty array of them', normalizedShape);
    }
    this.normalizedShape = Object.freeze([...dims]);
    this.eps = positiveNumber('LayerNorm', 'eps', options.eps ?? 1e-5);
    const dtype = options.dtype ?? 'float32';
    this.gamma = { name: 'gamma', value: Tensor.ones(dims, dtype), grad: Tensor.zeros(dims, dtype) };
    this.beta = { name: 'beta', value: Tensor.zeros(dims, dtype), grad: Tensor.zeros(dims, dtype) };
  }

  forward(x: Tensor): Tensor {
    this.outputShape(x.shape);
    const size = this.gamma.value.size;
    const rows = x.size / size;
    const xhat = reuseOrZeros(this.cache?.xhat, x.shape, x.dtype);
    const previous = this.cache?.invStd;
    const invStd = reusingBuffers() && previous?.length === rows ? previous : new Float64Array(rows);
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.output = y;
    const [gamma, beta] = [this.gamma.value.data, this.beta.value.data];
    layerNormForward(x.data, rows, size, this.eps, gamma, beta, xhat.data, invStd, y.data);
    this.cache = { xhat, invStd };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { xhat, invStd } = requireCache(this.cache, 'LayerNorm');
    expectGradShape('LayerNorm', xhat.shape, gradOut.shape);
    const size = this.gamma.value.size;
    const gradIn = reuseOrZeros(this.gradIn, xhat.shape, gradOut.dtype);
    this.gradIn = gradIn;
    layerNormBackward(
      gradOut.data,
      xhat.data,
      invStd,
      this.gamma.value.data,
      xhat.size / size,
      size,
      gradIn.data,
      this.gamma.grad.data,
      this.beta.grad.data,
    );
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [this.gamma, this.beta];
  }

  outputShape(inputShape: Shape): Shape {
    const dims = this.normalizedShape;
    const tail = inputShape.slice(inputShape.length - dims.length);
    if (inputShape.length <= dims.length || !dims.every((d, i) => d === tail[i])) {
      throw new ShapeError(
        `LayerNorm: expected input of shape [batch, …, ${dims.join(', ')}] (ending in normalizedShape), got ${formatShape(inputShape)}`,
      );
    }
    return inputShape;
  }

  toConfig(): LayerNormConfig {
    const dims = this.normalizedShape;
    return { type: 'LayerNorm', normalizedShape: dims.length === 1 ? (dims[0] as number) : [...dims], eps: this.eps };
  }
}
