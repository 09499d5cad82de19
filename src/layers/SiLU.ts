import { siluBackward, siluForward } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { ElementwiseLayer } from './ElementwiseLayer';

export interface SiLUConfig {
  readonly type: 'SiLU';
}

/**
 * Sigmoid linear unit, also called swish (Elfwing et al. 2017; torch.nn.SiLU), elementwise, any shape:
 *   y = x·σ(x);   backward: dx = dy · σ(x)·(1 + x·(1 − σ(x)))
 */
export class SiLU extends ElementwiseLayer {
  readonly name = 'SiLU';

  protected override apply(x: FloatArray, y: FloatArray): void {
    siluForward(x, y);
  }

  protected override derive(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    siluBackward(x, dy, dx);
  }

  override toConfig(): SiLUConfig {
    return { type: 'SiLU' };
  }
}
