import { smoothL1Grad, smoothL1Sum } from '../kernels';
import { nonNegativeNumber } from '../validate';
import { ElementwiseLoss } from './ElementwiseLoss';

export interface SmoothL1LossOptions {
  /** Where the loss turns from quadratic to linear; default 1; 0 gives L1Loss. */
  readonly beta?: number;
}
export type SmoothL1LossConfig = { readonly type: 'SmoothL1Loss' } & SmoothL1LossOptions;

/**
 * Smooth L1 loss (PyTorch's SmoothL1Loss), d = p − t over n elements:
 *   L = (1/n) Σ { ½d²/β if |d| < β;  |d| − ½β otherwise }
 *   backward: dL/dp = (d/β if |d| < β, sign(d) otherwise)/n
 * HuberLoss(δ) = β·SmoothL1Loss(β) at β = δ; β = 0 is L1Loss. `new SmoothL1Loss(0.5)` or
 * `new SmoothL1Loss({ beta: 0.5 })`.
 */
export class SmoothL1Loss extends ElementwiseLoss {
  readonly beta: number;

  constructor(beta: number | SmoothL1LossOptions = 1) {
    const checked = nonNegativeNumber('SmoothL1Loss', 'beta', typeof beta === 'object' && beta !== null ? (beta.beta ?? 1) : beta);
    super({
      name: 'SmoothL1Loss',
      output: 'values',
      sum: (p, t) => smoothL1Sum(p, t, checked),
      gradient: (p, t, scale, out) => smoothL1Grad(p, t, checked, scale, out),
    });
    this.beta = checked;
  }

  override toConfig(): SmoothL1LossConfig & { beta: number } {
    return { type: 'SmoothL1Loss', beta: this.beta };
  }
}
