import { squaredErrorGrad, squaredErrorSum } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLoss } from './ElementwiseLoss';

export type MSELossConfig = { readonly type: 'MSELoss' };

/**
 * Mean squared error, prediction p and target t of the same (any) shape with n elements:
 *   L = (1/n) Σ (p − t)²;   backward: dL/dp = 2(p − t)/n
 */
export class MSELoss extends ElementwiseLoss {
  readonly name = 'MSELoss';
  readonly output = 'values';

  protected sum(p: FloatArray, t: FloatArray): number {
    return squaredErrorSum(p, t);
  }

  protected gradient(p: FloatArray, t: FloatArray, scale: number, out: FloatArray): void {
    squaredErrorGrad(p, t, scale, out);
  }

  toConfig(): MSELossConfig {
    return { type: 'MSELoss' };
  }
}
