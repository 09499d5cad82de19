import { DataError } from '../errors';
import { bceGrad, bceSum, indexOutside } from '../kernels';
import type { Tensor } from '../tensor/Tensor';
import { expectUnitTargets } from './checks';
import { ElementwiseLoss } from './ElementwiseLoss';

export type BCELossConfig = { readonly type: 'BCELoss' };

/**
 * Binary cross-entropy on probabilities p ∈ [0, 1] (after a Sigmoid), targets t ∈ [0, 1], n elements:
 *   L = −(1/n) Σ [t·log p + (1 − t)·log(1 − p)],  each log clamped at −100 (PyTorch), so p = 0 or 1
 *   gives a large finite loss rather than Infinity
 *   backward: dL/dp = (p − t) / (n · max(p(1 − p), 1e-12))
 * Prefer BCEWithLogitsLoss on raw scores: it is exact where the sigmoid saturates.
 */
export class BCELoss extends ElementwiseLoss {
  constructor() {
    super({ name: 'BCELoss', output: 'probabilities', sum: bceSum, gradient: bceGrad });
  }

  protected override checkValues(prediction: Tensor, target: Tensor): void {
    expectUnitTargets(this.name, target);
    const bad = indexOutside(prediction.data, 0, 1);
    if (bad >= 0) {
      throw new DataError(
        `BCELoss: expected probabilities in [0, 1], got ${prediction.data[bad] as number} at index ${bad}; apply a Sigmoid first, or use BCEWithLogitsLoss on raw scores`,
      );
    }
  }
}
