import { eluBackward, eluForward } from '../kernels';
import { finiteNumber } from '../validate';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface ELUConfig {
  readonly type: 'ELU';
  readonly alpha?: number;
}

/**
 * Exponential linear unit, elementwise, any shape (Clevert et al. 2015):
 *   y = x for x > 0, α(eˣ − 1) otherwise;   backward: dx = dy for x > 0, dy·(y + α) otherwise
 * (y + α = α·eˣ reuses the cached output instead of a second exp).
 */
export class ELU extends ElementwiseLayer<ELUConfig> {
  readonly alpha: number;

  constructor(alpha = 1) {
    const checked = finiteNumber('ELU', 'alpha', alpha);
    super('ELU', (x, y) => eluForward(x, checked, y), (x, y, dy, dx) => eluBackward(x, y, checked, dy, dx));
    this.alpha = checked;
  }

  override toConfig(): ELUConfig {
    return { type: 'ELU', alpha: this.alpha };
  }
}
