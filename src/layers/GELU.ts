import { geluBackward, geluForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface GELUConfig {
  readonly type: 'GELU';
}

/**
 * Gaussian error linear unit, tanh form (Hendrycks & Gimpel 2016; PyTorch approximate="tanh"),
 * elementwise, any shape:
 *   y = ½ x (1 + tanh u),  u = √(2/π) (x + 0.044715 x³);
 *   backward: dx = dy · (½ (1 + tanh u) + ½ x (1 − tanh² u) √(2/π) (1 + 3·0.044715 x²))
 */
export class GELU extends ElementwiseLayer<GELUConfig> {
  constructor() {
    super('GELU', geluForward, (x, _y, dy, dx) => geluBackward(x, dy, dx));
  }
}
