import { l2Norm } from '../kernels';
import type { Param } from '../tensor/Param';

/** Per-parameter norms per epoch, keyed by the parameter's name (Sequential: "0.weight", "0.bias", …). */
export type ParamNorms = Record<string, { grad: number[]; weight: number[] }>;

/**
 * What `fit(..., { recordNorms: true })` puts in `history.norms`, per parameter p and epoch:
 *   grad[epoch]   = (1/B) Σ_b ‖∂L_b/∂p‖₂   the L2 norm of the gradient after each of the epoch's B
 *                                         batches' backward (before the optimizer step), averaged
 *   weight[epoch] = ‖p‖₂                  the weights' L2 norm at the end of the epoch
 * A vanishing or exploding gradient shows as a layer whose gradient norm drifts by decades.
 */
export class NormRecorder {
  readonly norms: ParamNorms = {};
  private readonly sums: Float64Array;
  private batches = 0;

  constructor(private readonly params: readonly Param[]) {
    this.sums = new Float64Array(params.length);
    for (const p of params) this.norms[p.name] = { grad: [], weight: [] };
  }

  /** After a batch's backward, before the step. */
  batchEnd(): void {
    this.params.forEach((p, i) => {
      this.sums[i] = (this.sums[i] as number) + l2Norm(p.grad.data);
    });
    this.batches++;
  }

  /** After the epoch's last step. */
  epochEnd(): void {
    this.params.forEach((p, i) => {
      const entry = this.norms[p.name] as { grad: number[]; weight: number[] };
      entry.grad.push(this.batches === 0 ? 0 : (this.sums[i] as number) / this.batches);
      entry.weight.push(l2Norm(p.value.data));
    });
    this.sums.fill(0);
    this.batches = 0;
  }
}
