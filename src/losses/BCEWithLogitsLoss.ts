import { bceWithLogitsGrad, bceWithLogitsSum } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLoss } from './ElementwiseLoss';

export type BCEWithLogitsLossConfig = { readonly type: 'BCEWithLogitsLoss' };

/**
 * Binary cross-entropy on raw scores z (a sigmoid fused in), targets t ∈ [0, 1], n elements:
 *   L = (1/n) Σ [max(z, 0) − z·t + log(1 + e^−|z|)]   (= BCE(σ(z), t), stable for any z)
 *   backward: dL/dz = (σ(z) − t)/n
 */
export class BCEWithLogitsLoss extends ElementwiseLoss {
  readonly name = 'BCEWithLogitsLoss';
  readonly output = 'logits';

  protected sum(z: FloatArray, t: FloatArray): number {
    return bceWithLogitsSum(z, t);
  }

  protected gradient(z: FloatArray, t: FloatArray, scale: number, out: FloatArray): void {
    bceWithLogitsGrad(z, t, scale, out);
  }

  toConfig(): BCEWithLogitsLossConfig {
    return { type: 'BCEWithLogitsLoss' };
  }
}
