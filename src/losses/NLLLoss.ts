import { nllLabelsGrad, nllLabelsSum } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { expectLabels, expectMatrix, expectTwoClasses, requireForward } from './checks';
import type { Loss } from './Loss';

export type NLLLossConfig = { readonly type: 'NLLLoss' };

/**
 * Negative log-likelihood on log-probabilities (after LogSoftmax), averaged over the batch:
 *   logp: [batch, classes], labels y: [batch] (integers 0..classes−1)
 *   L = −(1/B) Σ_r logp[r, y_r];   backward: dL/dlogp = −onehot(y)/B
 * LogSoftmax followed by NLLLoss equals CrossEntropyLoss on the same logits.
 */
export class NLLLoss implements Loss {
  readonly name = 'NLLLoss';
  readonly output = 'logProbabilities';
  readonly targets = 'classes';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    const [batch, classes] = expectMatrix(this.name, prediction, 'log-probabilities');
    expectTwoClasses(this.name, classes);
    expectLabels(this.name, target, prediction);
    this.cache = { prediction, target };
    return nllLabelsSum(prediction.data, target.data, batch, classes) / batch;
  }

  backward(): Tensor {
    const { prediction, target } = requireForward(this.cache, this.name);
    const [batch, classes] = prediction.shape as [number, number];
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    nllLabelsGrad(target.data, batch, classes, 1 / batch, grad.data);
    return grad;
  }

  toConfig(): NLLLossConfig {
    return { type: 'NLLLoss' };
  }
}
