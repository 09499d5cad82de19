import { smoothL1Grad, smoothL1Sum } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
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
  readonly name = 'SmoothL1Loss';
  readonly output = 'values';
  readonly beta: number;

  constructor(beta: number | SmoothL1LossOptions = 1) {
    super();
    const value = typeof beta === 'object' && beta !== null ? (beta.beta ?? 1) : beta;
    this.beta = nonNegativeNumber('SmoothL1Loss', 'beta', value);
  }

  protected sum(p: FloatArray, t: FloatArray): number {
    return smoothL1Sum(p, t, this.beta);
  }

  protected gradient(p: FloatArray, t: FloatArray, scale: number, out: FloatArray): void {
    smoothL1Grad(p, t, this.beta, scale, out);
  }

  toConfig(): SmoothL1LossConfig & { beta: number } {
    return { type: 'SmoothL1Loss', beta: this.beta };
  }
}
