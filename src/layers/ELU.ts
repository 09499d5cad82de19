import { eluBackward, eluForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
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
export class ELU extends ElementwiseLayer {
  readonly name = 'ELU';
  readonly alpha: number;

  constructor(alpha = 1) {
    super();
    this.alpha = finiteNumber('ELU', 'alpha', alpha);
  }

  protected override compute(x: FloatArray, y: FloatArray): void {
    eluForward(x, this.alpha, y);
  }

  protected override derive(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    eluBackward(x, y, this.alpha, dy, dx);
  }

  override toConfig(): ELUConfig {
    return { type: 'ELU', alpha: this.alpha };
  }
}
