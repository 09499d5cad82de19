import { huberGrad, huberSum } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
import { positiveNumber } from '../validate';
import { ElementwiseLoss } from './ElementwiseLoss';

export interface HuberLossOptions {
  /** Where the loss turns from quadratic to linear; default 1. */
  readonly delta?: number;
}
export type HuberLossConfig = { readonly type: 'HuberLoss' } & HuberLossOptions;

/**
 * Huber loss (PyTorch's HuberLoss), d = p − t over n elements:
 *   L = (1/n) Σ { ½d² if |d| < δ;  δ(|d| − ½δ) otherwise }
 *   backward: dL/dp = clamp(d, −δ, δ)/n
 * Quadratic near the target, linear far from it, so outliers pull with a bounded force.
 */
export class HuberLoss extends ElementwiseLoss {
  readonly name = 'HuberLoss';
  readonly output = 'values';
  readonly delta: number;

  constructor(delta = 1) {
    super();
    this.delta = positiveNumber('HuberLoss', 'delta', delta);
  }

  protected sum(p: FloatArray, t: FloatArray): number {
    return huberSum(p, t, this.delta);
  }

  protected gradient(p: FloatArray, t: FloatArray, scale: number, out: FloatArray): void {
    huberGrad(p, t, this.delta, scale, out);
  }

  toConfig(): HuberLossConfig & { delta: number } {
    return { type: 'HuberLoss', delta: this.delta };
  }
}
