import { DataError, ShapeError, formatShape } from '../errors';
import { indexOutside, klDivGrad, klDivSum } from '../kernels';
import type { Tensor } from '../tensor/Tensor';
import { ElementwiseLoss } from './ElementwiseLoss';

export type KLDivLossConfig = { readonly type: 'KLDivLoss' };

/**
 * Kullback–Leibler divergence (PyTorch's KLDivLoss with reduction='batchmean'): the prediction x is
 * log-probabilities (after a LogSoftmax), the target t probabilities of the same shape [batch, …]:
 *   L = (1/B) Σ t·(log t − x),  with 0·log 0 = 0;   backward: dL/dx = −t/B
 * B is the batch (the first dimension), so L is the mean KL(t ‖ eˣ) per sample.
 */
export class KLDivLoss extends ElementwiseLoss {
  constructor() {
    super({ name: 'KLDivLoss', output: 'logProbabilities', sum: klDivSum, gradient: (_x, t, scale, out) => klDivGrad(t, scale, out) });
  }

  protected override checkValues(prediction: Tensor, target: Tensor): void {
    if (prediction.rank === 0) {
      throw new ShapeError(`KLDivLoss: expected log-probabilities of shape [batch, …], got ${formatShape(prediction.shape)}`);
    }
    const bad = indexOutside(target.data, 0, Infinity);
    if (bad >= 0) {
      throw new DataError(
        `KLDivLoss: expected target probabilities ≥ 0, got ${target.data[bad] as number} at index ${bad}; the target is probabilities, the prediction log-probabilities`,
      );
    }
  }

  protected override count(prediction: Tensor): number {
    return prediction.shape[0] as number;
  }
}
