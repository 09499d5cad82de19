import { reluBackward, reluForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface ReLUConfig {
  readonly type: 'ReLU';
}

/**
 * Rectified linear unit, elementwise, any shape:
 *   y = max(x, 0);   backward: dx = dy · [x > 0]   (the subgradient at 0 is taken as 0)
 */
export class ReLU extends ElementwiseLayer<ReLUConfig> {
  constructor() {
    super('ReLU', reluForward, (x, _y, dy, dx) => reluBackward(x, dy, dx));
  }
}
