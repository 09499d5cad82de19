import { siluBackward, siluForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SiLUConfig {
  readonly type: 'SiLU';
}

/**
 * Sigmoid linear unit, also called swish (Elfwing et al. 2017; torch.nn.SiLU), elementwise, any shape:
 *   y = x·σ(x);   backward: dx = dy · σ(x)·(1 + x·(1 − σ(x)))
 */
export class SiLU extends ElementwiseLayer<SiLUConfig> {
  constructor() {
    super('SiLU', siluForward, (x, _y, dy, dx) => siluBackward(x, dy, dx));
  }
}
