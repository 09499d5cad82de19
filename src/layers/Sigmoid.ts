import { sigmoidBackward, sigmoidForward } from '../kernels';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SigmoidConfig {
  readonly type: 'Sigmoid';
}

/**
 * Logistic sigmoid, elementwise, any shape:
 *   y = σ(x) = 1 / (1 + e⁻ˣ);   backward: dx = dy · y · (1 − y)
 */
export class Sigmoid extends ElementwiseLayer<SigmoidConfig> {
  constructor() {
    super('Sigmoid', sigmoidForward, (_x, y, dy, dx) => sigmoidBackward(y, dy, dx));
  }
}
