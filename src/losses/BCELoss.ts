import { DataError } from '../errors';
import { bceGrad, bceSum, indexOutside } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { expectSameShape, expectUnitTargets, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Binary cross-entropy on probabilities p ∈ [0, 1] (after a Sigmoid), targets t ∈ [0, 1], n elements:
 *   L = −(1/n) Σ [t·log p + (1 − t)·log(1 − p)],  each log clamped at −100 (PyTorch), so p = 0 or 1
 *   gives a large finite loss rather than Infinity
 *   backward: dL/dp = (p − t) / (n · max(p(1 − p), 1e-12))
 * Prefer BCEWithLogitsLoss on raw scores: it is exact where the sigmoid saturates.
 */
export class BCELoss implements Loss {
  readonly name = 'BCELoss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    expectSameShape(this.name, prediction, target);
    expectUnitTargets(this.name, target);
    const bad = indexOutside(prediction.data, 0, 1);
    if (bad >= 0) {
      throw new DataError(
        `BCELoss: expected probabilities in [0, 1], got ${prediction.data[bad] as number} at index ${bad}; apply a Sigmoid first, or use BCEWithLogitsLoss on raw scores`,
      );
    }
    this.cache = { prediction, target };
    return bceSum(prediction.data, target.data) / prediction.size;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    bceGrad(prediction.data, target.data, 1 / prediction.size, grad.data);
    return grad;
  }

  toConfig(): { type: 'BCELoss' } {
    return { type: 'BCELoss' };
  }
}
