import { ElementwiseLayer } from './ElementwiseLayer';

export interface IdentityConfig {
  readonly type: 'Identity';
}

/**
 * Passes its input through (a placeholder, or the "linear" activation of Keras), any shape:
 *   y = x;   backward: dx = dy
 * Output and gradient are copies, so no later in-place change reaches the caller's tensor.
 */
export class Identity extends ElementwiseLayer<IdentityConfig> {
  constructor() {
    super('Identity', (x, y) => y.set(x), (_x, _y, dy, dx) => dx.set(dy));
  }
}
