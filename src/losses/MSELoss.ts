import { squaredErrorGrad, squaredErrorSum } from '../kernels';
import { ElementwiseLoss } from './ElementwiseLoss';

export type MSELossConfig = { readonly type: 'MSELoss' };

/**
 * Mean squared error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ (p − t)²;   backward: dL/dp = 2(p − t)/n
 */
export class MSELoss extends ElementwiseLoss {
  constructor() {
    super({ name: 'MSELoss', output: 'values', sum: squaredErrorSum, gradient: squaredErrorGrad });
  }
}
