import { leakyReluBackward, leakyReluForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { finiteNumber } from '../validate';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface LeakyReLUConfig {
  readonly type: 'LeakyReLU';
  readonly slope?: number;
}

/**
 * Leaky ReLU, elementwise, any shape (Maas et al. 2013), so that negative inputs still pass a gradient:
 *   y = x for x > 0, slope·x otherwise;   backward: dx = dy for x > 0, slope·dy otherwise
 */
export class LeakyReLU extends ElementwiseLayer {
  readonly name = 'LeakyReLU';
  readonly slope: number;

  constructor(slope = 0.01) {
    super();
    this.slope = finiteNumber('LeakyReLU', 'slope', slope);
  }

  protected override compute(x: FloatArray, y: FloatArray): void {
    leakyReluForward(x, this.slope, y);
  }

  protected override derive(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    leakyReluBackward(x, this.slope, dy, dx);
  }

  override toConfig(): LeakyReLUConfig {
    return { type: 'LeakyReLU', slope: this.slope };
  }
}
