import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface IdentityConfig {
  readonly type: 'Identity';
}

/**
 * Passes its input through (a placeholder, or the "linear" activation of Keras), any shape:
 *   y = x;   backward: dx = dy
 * Output and gradient are copies, so no later in-place change reaches the caller's tensor.
 */
export class Identity extends ElementwiseLayer {
  readonly name = 'Identity';

  protected override compute(x: FloatArray, y: FloatArray): void {
    y.set(x);
  }

  protected override derive(_x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    dx.set(dy);
  }

  override toConfig(): IdentityConfig {
    return { type: 'Identity' };
  }
}
