import { softplusBackward, softplusForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SoftplusConfig {
  readonly type: 'Softplus';
}

/**
 * Softplus, a smooth ReLU, elementwise, any shape:
 *   y = log(1 + eˣ)   (computed as max(x, 0) + log1p(e^−|x|), so large |x| neither overflows nor rounds to 0);
 *   backward: dx = dy · σ(x)
 */
export class Softplus extends ElementwiseLayer<SoftplusConfig> {
  constructor() {
    super('Softplus', softplusForward, (x, _y, dy, dx) => softplusBackward(x, dy, dx));
  }
}
