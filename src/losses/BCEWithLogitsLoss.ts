import { bceWithLogitsGrad, bceWithLogitsSum } from '../kernels';
import type { Tensor } from '../tensor/Tensor';
import { expectUnitTargets } from './checks';
import { ElementwiseLoss } from './ElementwiseLoss';

export type BCEWithLogitsLossConfig = { readonly type: 'BCEWithLogitsLoss' };

/**
 * Binary cross-entropy on raw scores z (a sigmoid fused in), targets t ∈ [0, 1], n elements:
 *   L = (1/n) Σ [max(z, 0) − z·t + log(1 + e^−|z|)]   (= BCE(σ(z), t), stable for any z)
 *   backward: dL/dz = (σ(z) − t)/n
 */
export class BCEWithLogitsLoss extends ElementwiseLoss {
  constructor() {
    super({ name: 'BCEWithLogitsLoss', output: 'logits', sum: bceWithLogitsSum, gradient: bceWithLogitsGrad });
  }

  /** Targets are probabilities (0/1 labels or soft ones) in [0, 1]. */
  protected override checkValues(_prediction: Tensor, target: Tensor): void {
    expectUnitTargets(this.name, target);
  }
}
