import { reluBackward, reluForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface ReLUConfig {
  readonly type: 'ReLU';
}

/**
 * Rectified linear unit, elementwise, any shape:
 *   y = max(x, 0);   backward: dx = dy · [x > 0]   (the subgradient at 0 is taken as 0)
 */
export class ReLU extends ElementwiseLayer {
  readonly name = 'ReLU';

  protected override compute(x: FloatArray, y: FloatArray): void {
    reluForward(x, y);
  }

  protected override derive(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    reluBackward(x, dy, dx);
  }

  override toConfig(): ReLUConfig {
    return { type: 'ReLU' };
  }
}
