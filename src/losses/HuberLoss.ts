import { huberGrad, huberSum } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { positiveNumber } from '../validate';
import { expectSameShape, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Huber loss (PyTorch's HuberLoss), d = p − t over n elements:
 *   L = (1/n) Σ { ½d² if |d| < δ;  δ(|d| − ½δ) otherwise }
 *   backward: dL/dp = clamp(d, −δ, δ)/n
 * Quadratic near the target, linear far from it, so outliers pull with a bounded force.
 */
export class HuberLoss implements Loss {
  readonly name = 'HuberLoss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  readonly delta: number;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  constructor(delta = 1) {
    this.delta = positiveNumber('HuberLoss', 'delta', delta);
  }

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    this.cache = { prediction, target };
    return huberSum(prediction.data, target.data, this.delta) / prediction.size;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    huberGrad(prediction.data, target.data, this.delta, 1 / prediction.size, grad.data);
    return grad;
  }

  toConfig(): { type: 'HuberLoss'; delta: number } {
    return { type: 'HuberLoss', delta: this.delta };
  }
}
