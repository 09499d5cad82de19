import { ConfigError } from '../errors';
import { scale } from '../kernels';
import type { Loss } from '../losses/Loss';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { thresholdFor } from './metrics';

/**
 * The losses of a model's outputs (Keras's `loss` list and `loss_weights`):
 *   L = Σₖ wₖ · lossₖ(outputₖ, targetₖ),   dL/d outputₖ = wₖ · lossₖ′
 * With one output and weight 1 this is the loss itself, gradient buffer and all.
 */
export class LossSet {
  readonly losses: readonly Loss[];
  readonly weights: readonly number[];
  private grads: Tensor[] = [];
  private scaled: (Tensor | undefined)[] = [];

  constructor(where: string, loss: Loss | readonly Loss[], lossWeights: readonly number[] | undefined, outputs: number) {
    const list = Array.isArray(loss) ? (loss as readonly Loss[]) : Array.from({ length: outputs }, () => loss as Loss);
    if (list.length !== outputs) {
      throw new ConfigError(`${where}: loss: expected one loss or ${outputs} (one per output), got ${list.length}`);
    }
    list.forEach((l, i) => {
      if (!l || typeof l.forward !== 'function' || typeof l.backward !== 'function') {
        throw new ConfigError(`${where}: loss${Array.isArray(loss) ? `[${i}]` : ''}: expected a Loss (e.g. new MSELoss()), got ${String(l)}`);
      }
    });
    const weights = lossWeights ?? list.map(() => 1);
    if (weights.length !== outputs || !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      throw new ConfigError(`${where}: lossWeights: expected ${outputs} non-negative numbers (one per output), got ${JSON.stringify(lossWeights)}`);
    }
    this.losses = list;
    this.weights = weights;
  }

  get first(): Loss {
    return this.losses[0] as Loss;
  }

  /** The accuracy threshold of the first output's loss. */
  get threshold(): number {
    return thresholdFor(this.first.output);
  }

  /** L = Σ wₖ lossₖ; with several outputs each gradient is taken right away (a Loss caches one forward). */
  forward(outputs: readonly Tensor[], targets: readonly Tensor[]): number {
    if (this.losses.length === 1 && this.weights[0] === 1) {
      const value = this.first.forward(outputs[0] as Tensor, targets[0] as Tensor);
      return value;
    }
    let total = 0;
    this.losses.forEach((loss, k) => {
      const w = this.weights[k] as number;
      total += w * loss.forward(outputs[k] as Tensor, targets[k] as Tensor);
      const g = loss.backward();
      const out = reuseOrZeros(this.scaled[k], g.shape, g.dtype);
      this.scaled[k] = out;
      scale(g.data, w, out.data);
      this.grads[k] = out;
    });
    return total;
  }

  /** dL/d(each output) for the last forward. */
  backward(): Tensor[] {
    if (this.losses.length === 1 && this.weights[0] === 1) return [this.first.backward()];
    return this.grads;
  }
}
