import { huberGrad, huberSum } from '../kernels';
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
  readonly delta: number;

  constructor(delta = 1) {
    const checked = positiveNumber('HuberLoss', 'delta', delta);
    super({
      name: 'HuberLoss',
      output: 'values',
      sum: (p, t) => huberSum(p, t, checked),
      gradient: (p, t, scale, out) => huberGrad(p, t, checked, scale, out),
    });
    this.delta = checked;
  }

  override toConfig(): HuberLossConfig & { delta: number } {
    return { type: 'HuberLoss', delta: this.delta };
  }
}
