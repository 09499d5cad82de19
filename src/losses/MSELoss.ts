import { squaredErrorGrad, squaredErrorSum } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { expectSameShape, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Mean squared error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ (p − t)²;   backward: dL/dp = 2(p − t)/n
 */
export class MSELoss implements Loss {
  readonly name = 'MSELoss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    this.cache = { prediction, target };
    return squaredErrorSum(prediction.data, target.data) / prediction.size;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    squaredErrorGrad(prediction.data, target.data, 1 / prediction.size, grad.data);
    return grad;
  }

  toConfig(): { type: 'MSELoss' } {
    return { type: 'MSELoss' };
  }
}
