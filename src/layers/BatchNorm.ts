import { ShapeError, formatShape } from '../errors';
import { axpy, batchNormBackward, batchNormForward, channelMeanVariance, inverseStd, scale } from '../kernels';
import { reuseOrZeros, reusingBuffers } from '../tensor/reuse';
import { Tensor, type DType, type FloatArray, type Shape } from '../tensor/Tensor';
import { positiveInt, positiveNumber, optionError } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param, type StateTensor } from './Layer';
import { LayerBase } from './LayerBase';
import type { LayerConfig } from './LayerConfig';

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics (PyTorch's convention). Default 0.1. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  dtype?: DType;
}

/**
 * What BatchNorm1D and BatchNorm2D share (Ioffe & Szegedy 2015). Each channel c is normalised
 * over every value it has in the batch (M of them: batch for 1D, batch·H·W for 2D):
 *   training:  μ, σ² = mean and biased variance of the batch,  x̂ = (x − μ) / √(σ² + ε)
 *              running = (1 − m)·running + m·stat, with the UNBIASED variance σ²·M/(M − 1)  (PyTorch)
 *   eval:      x̂ = (x − runningMean) / √(runningVar + ε)
 *   y = γ ⊙ x̂ + β
 * backward (training): dx = γ/√(σ² + ε) · (dy − mean(dy) − x̂ · mean(dy ⊙ x̂)),  the means over the M values;
 *          (eval):     dx = γ/√(runningVar + ε) · dy;
 *   dγ += Σ dy ⊙ x̂,  dβ += Σ dy.
 */
export abstract class BatchNorm extends LayerBase implements Layer {
  abstract readonly name: string;
  training = true;
  readonly channels: number;
  readonly momentum: number;
  readonly eps: number;
  readonly gamma: Param;
  readonly beta: Param;
  /** Running estimates used in eval mode; saved in the model file through buffers(). */
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  private cache: { xhat: Tensor; invStd: FloatArray; batchStatistics: boolean } | undefined;
  /** Per-batch statistics, overwritten whole by every forward and never handed out. */
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  /** Reused inside fit (see tensor/reuse.ts), like xhat and invStd in the cache; the kernels write every entry. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  protected constructor(where: string, countName: string, channels: number, options: BatchNormOptions) {
    super();
    this.channels = positiveInt(where, countName, channels);
    const momentum = options.momentum ?? 0.1;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
      throw optionError(where, 'momentum', 'a number in [0, 1]', momentum, 'in [0, 1]');
    }
    this.momentum = momentum;
    this.eps = positiveNumber(where, 'eps', options.eps ?? 1e-5);
    const dtype = options.dtype ?? 'float32';
    this.gamma = { name: 'gamma', value: Tensor.ones([channels], dtype), grad: Tensor.zeros([channels], dtype) };
    this.beta = { name: 'beta', value: Tensor.zeros([channels], dtype), grad: Tensor.zeros([channels], dtype) };
    this.runningMean = Tensor.zeros([channels], dtype);
    this.runningVar = Tensor.ones([channels], dtype);
    this.mean = new Float64Array(channels);
    this.variance = new Float64Array(channels);
  }

  /** [outer, channels, inner] for an input shape, or a ShapeError naming the expected shape. */
  protected abstract layout(shape: Shape): [number, number, number];

  forward(x: Tensor): Tensor {
    const [outer, channels, inner] = this.layout(x.shape);
    const { mean, variance } = this;
    const invStd = reusingBuffers() && this.cache ? this.cache.invStd : new Float64Array(channels);
    if (this.training) {
      const count = outer * inner;
      if (count < 2) {
        throw new ShapeError(
          `${this.name}: expected more than one value per channel in training, got input ${formatShape(x.shape)}; ` +
            'use a batch larger than 1 or call eval()',
        );
      }
      channelMeanVariance(x.data, outer, channels, inner, mean, variance);
      inverseStd(variance, this.eps, invStd);
      const m = this.momentum;
      scale(this.runningMean.data, 1 - m, this.runningMean.data);
      axpy(m, mean, this.runningMean.data);
      scale(this.runningVar.data, 1 - m, this.runningVar.data);
      axpy((m * count) / (count - 1), variance, this.runningVar.data);
    } else {
      mean.set(this.runningMean.data);
      inverseStd(this.runningVar.data, this.eps, invStd);
    }
    const xhat = reuseOrZeros(this.cache?.xhat, x.shape, x.dtype);
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.output = y;
    const [gamma, beta] = [this.gamma.value.data, this.beta.value.data];
    batchNormForward(x.data, outer, channels, inner, mean, invStd, gamma, beta, xhat.data, y.data);
    this.cache = { xhat, invStd, batchStatistics: this.training };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { xhat, invStd, batchStatistics } = requireCache(this.cache, this.name);
    expectGradShape(this.name, xhat.shape, gradOut.shape);
    const [outer, channels, inner] = this.layout(xhat.shape);
    const gradIn = reuseOrZeros(this.gradIn, xhat.shape, gradOut.dtype);
    this.gradIn = gradIn;
    batchNormBackward(
      gradOut.data,
      xhat.data,
      outer,
      channels,
      inner,
      this.gamma.value.data,
      invStd,
      batchStatistics,
      gradIn.data,
      this.gamma.grad.data,
      this.beta.grad.data,
    );
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [this.gamma, this.beta];
  }

  buffers(): readonly StateTensor[] {
    return [
      { name: 'runningMean', value: this.runningMean },
      { name: 'runningVar', value: this.runningVar },
    ];
  }

  outputShape(inputShape: Shape): Shape {
    this.layout(inputShape);
    return inputShape;
  }

  abstract toConfig(): LayerConfig;
}
