import { absoluteErrorGrad, absoluteErrorSum } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLoss } from './ElementwiseLoss';

export type L1LossConfig = { readonly type: 'L1Loss' };

/**
 * Mean absolute error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ |p − t|;   backward: dL/dp = sign(p − t)/n  (0 where p = t, as in PyTorch)
 */
export class L1Loss extends ElementwiseLoss {
  readonly name = 'L1Loss';
  readonly output = 'values';

  protected sum(p: FloatArray, t: FloatArray): number {
    return absoluteErrorSum(p, t);
  }

  protected gradient(p: FloatArray, t: FloatArray, scale: number, out: FloatArray): void {
    absoluteErrorGrad(p, t, scale, out);
  }

  toConfig(): L1LossConfig {
    return { type: 'L1Loss' };
  }
}
