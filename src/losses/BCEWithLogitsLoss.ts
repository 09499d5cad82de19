import { bceWithLogitsGrad, bceWithLogitsSum } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { expectSameShape, expectUnitTargets, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Binary cross-entropy on raw scores z (a sigmoid fused in), targets t ∈ [0, 1], n elements:
 *   L = (1/n) Σ [max(z, 0) − z·t + log(1 + e^−|z|)]   (= BCE(σ(z), t), stable for any z)
 *   backward: dL/dz = (σ(z) − t)/n
 */
export class BCEWithLogitsLoss implements Loss {
  readonly name = 'BCEWithLogitsLoss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    expectUnitTargets(this.name, target);
    this.cache = { prediction, target };
    return bceWithLogitsSum(prediction.data, target.data) / prediction.size;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    bceWithLogitsGrad(prediction.data, target.data, 1 / prediction.size, grad.data);
    return grad;
  }

  toConfig(): { type: 'BCEWithLogitsLoss' } {
    return { type: 'BCEWithLogitsLoss' };
  }
}
