import { leakyReluBackward, leakyReluForward } from '../kernels';
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
export class LeakyReLU extends ElementwiseLayer<LeakyReLUConfig> {
  readonly slope: number;

  constructor(slope = 0.01) {
    const checked = finiteNumber('LeakyReLU', 'slope', slope);
    super(
      'LeakyReLU',
      (x, y) => leakyReluForward(x, checked, y),
      (x, _y, dy, dx) => leakyReluBackward(x, checked, dy, dx),
    );
    this.slope = checked;
  }

  override toConfig(): LeakyReLUConfig {
    return { type: 'LeakyReLU', slope: this.slope };
  }
}
