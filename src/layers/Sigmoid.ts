import { sigmoidBackward, sigmoidForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SigmoidConfig {
  readonly type: 'Sigmoid';
}

/**
 * Logistic sigmoid, elementwise, any shape:
 *   y = σ(x) = 1 / (1 + e⁻ˣ);   backward: dx = dy · y · (1 − y)
 */
export class Sigmoid extends ElementwiseLayer {
  readonly name = 'Sigmoid';

  protected override compute(x: FloatArray, y: FloatArray): void {
    sigmoidForward(x, y);
  }

  protected override derive(_x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    sigmoidBackward(y, dy, dx);
  }

  override toConfig(): SigmoidConfig {
    return { type: 'Sigmoid' };
  }
}
