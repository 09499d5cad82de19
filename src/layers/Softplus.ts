import { softplusBackward, softplusForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SoftplusConfig {
  readonly type: 'Softplus';
}

/**
 * Softplus, a smooth ReLU, elementwise, any shape:
 *   y = log(1 + eˣ)   (computed as max(x, 0) + log1p(e^−|x|), so large |x| neither overflows nor rounds to 0);
 *   backward: dx = dy · σ(x)
 */
export class Softplus extends ElementwiseLayer {
  readonly name = 'Softplus';

  protected override compute(x: FloatArray, y: FloatArray): void {
    softplusForward(x, y);
  }

  protected override derive(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    softplusBackward(x, dy, dx);
  }

  override toConfig(): SoftplusConfig {
    return { type: 'Softplus' };
  }
}
