import { absoluteErrorGrad, absoluteErrorSum } from '../kernels';
import { ElementwiseLoss } from './ElementwiseLoss';

export type L1LossConfig = { readonly type: 'L1Loss' };

/**
 * Mean absolute error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ |p − t|;   backward: dL/dp = sign(p − t)/n  (0 where p = t, as in PyTorch)
 */
export class L1Loss extends ElementwiseLoss {
  constructor() {
    super({ name: 'L1Loss', output: 'values', sum: absoluteErrorSum, gradient: absoluteErrorGrad });
  }
}
