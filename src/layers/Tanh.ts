import { tanhBackward, tanhForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface TanhConfig {
  readonly type: 'Tanh';
}

/**
 * Hyperbolic tangent, elementwise, any shape:
 *   y = tanh(x);   backward: dx = dy · (1 − y²)
 */
export class Tanh extends ElementwiseLayer {
  readonly name = 'Tanh';

  protected override compute(x: FloatArray, y: FloatArray): void {
    tanhForward(x, y);
  }

  protected override derive(_x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    tanhBackward(y, dy, dx);
  }

  override toConfig(): TanhConfig {
    return { type: 'Tanh' };
  }
}
