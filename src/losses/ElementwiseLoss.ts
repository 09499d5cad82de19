import type { FloatArray, Tensor } from '../tensor/Tensor';
import { reuseOrZeros } from '../tensor/reuse';
import { expectSameShape, requireForward } from './checks';
import type { Loss, LossOutput } from './Loss';
import type { LossConfig } from './LossConfig';

/**
 * The shape every elementwise loss shares (MSE, L1, Huber, SmoothL1, BCE, BCEWithLogits, KLDiv): the target
 * has the prediction's shape, and with n elements
 *   L = (1/n) Σ ℓ(p, t);   backward: dL/dp = ℓ'(p, t)/n
 * A subclass names itself, says what its prediction is and gives two kernel calls: `sum` (Σ ℓ) and
 * `gradient` (writes scale·ℓ' into `out`). `checkValues` may refuse values out of range, `count`
 * may change the divisor.
 */
export abstract class ElementwiseLoss implements Loss {
  abstract readonly name: string;
  abstract readonly output: LossOutput;
  readonly targets = 'values';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  /** Σ ℓ(p, t) over all elements. */
  protected abstract sum(prediction: FloatArray, target: FloatArray): number;
  /** out = scale · ℓ'(p, t), elementwise. */
  protected abstract gradient(prediction: FloatArray, target: FloatArray, scale: number, out: FloatArray): void;
  abstract toConfig(): LossConfig;

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
    return this.sum(prediction.data, target.data) / this.count(prediction);
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    this.gradient(prediction.data, target.data, 1 / this.count(prediction), grad.data);
    return grad;
  }
}
