import type { FloatArray, Tensor } from '../tensor/Tensor';
import { reuseOrZeros } from '../tensor/reuse';
import { expectSameShape, requireForward } from './checks';
import type { Loss, LossOutput } from './Loss';
import type { LossConfig } from './LossConfig';

/** What an elementwise loss is made of: its name, what its prediction is, and two kernels. */
export interface ElementwiseKernels {
  readonly name: string;
  readonly output: LossOutput;
  /** Σ ℓ(p, t) over all elements. */
  readonly sum: (prediction: FloatArray, target: FloatArray) => number;
  /** out = scale · ℓ'(p, t), elementwise. */
  readonly gradient: (prediction: FloatArray, target: FloatArray, scale: number, out: FloatArray) => void;
}

/**
 * The shape every elementwise loss shares (MSE, L1, Huber, SmoothL1, BCE, BCEWithLogits, KLDiv): the
 * target has the prediction's shape, and with n elements
 *   L = (1/n) Σ ℓ(p, t);   backward: dL/dp = ℓ'(p, t)/n
 * A subclass passes its name, its `output` and two kernel calls (`sum`, `gradient`) to super().
 * It may override `checkValues` to refuse values out of range and `count` to change the divisor;
 * a loss with options overrides `toConfig` (the default is `{ type: name }`).
 */
export abstract class ElementwiseLoss implements Loss {
  readonly name: string;
  readonly output: LossOutput;
  readonly targets = 'values';
  private readonly kernels: ElementwiseKernels;
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  constructor(kernels: ElementwiseKernels) {
    this.name = kernels.name;
    this.output = kernels.output;
    this.kernels = kernels;
  }

  /** Throws on values the loss is undefined for (BCELoss: a prediction outside [0, 1]). */
  protected checkValues(_prediction: Tensor, _target: Tensor): void {}

  /** The n the sum is divided by: every element (PyTorch's 'mean'); KLDivLoss divides by the batch. */
  protected count(prediction: Tensor): number {
    return prediction.size;
  }

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    this.checkValues(prediction, target);
    this.cache = { prediction, target };
    return this.kernels.sum(prediction.data, target.data) / this.count(prediction);
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    this.kernels.gradient(prediction.data, target.data, 1 / this.count(prediction), grad.data);
    return grad;
  }

  toConfig(): LossConfig {
    return { type: this.name } as LossConfig;
  }
}
