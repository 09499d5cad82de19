import { tanhBackward, tanhForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface TanhConfig {
  readonly type: 'Tanh';
}

/**
 * Hyperbolic tangent, elementwise, any shape:
 *   y = tanh(x);   backward: dx = dy · (1 − y²)
 */
export class Tanh extends ElementwiseLayer<TanhConfig> {
  constructor() {
    super('Tanh', tanhForward, (_x, y, dy, dx) => tanhBackward(y, dy, dx));
  }
}
