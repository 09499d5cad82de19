import { absoluteErrorGrad, absoluteErrorSum } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { expectSameShape, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Mean absolute error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ |p − t|;   backward: dL/dp = sign(p − t)/n  (0 where p = t, as in PyTorch)
 */
export class L1Loss implements Loss {
  readonly name = 'L1Loss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    this.cache = { prediction, target };
    return absoluteErrorSum(prediction.data, target.data) / prediction.size;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    absoluteErrorGrad(prediction.data, target.data, 1 / prediction.size, grad.data);
    return grad;
  }

  toConfig(): { type: 'L1Loss' } {
    return { type: 'L1Loss' };
  }
}
