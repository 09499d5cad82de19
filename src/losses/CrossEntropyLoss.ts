import {
  crossEntropyLabelsSum,
  crossEntropyTargetsSum,
  softmaxMinusOneHot,
  softmaxMinusTargets,
} from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, sameShape } from '../tensor/Tensor';
import { expectLabels, expectMatrix, expectTwoClasses, requireForward } from './checks';
import type { Loss } from './Loss';

/**
 * Softmax cross-entropy on logits x: [batch, classes], averaged over the batch, with a fused,
 * max-subtracted log-softmax (so no exp overflows and no log(0) appears):
 *   labels y: [batch] (integers 0..classes−1):  L = (1/B) Σ_r (logΣexp(x_r) − x[r, y_r])
 *   targets t: [batch, classes] (one-hot or probabilities):  L = −(1/B) Σ_r Σ_c t[r, c]·log softmax(x_r)_c
 *   backward: dL/dx = (softmax(x) − onehot(y))/B,  or (softmax(x)·Σ_c t[r, c] − t)/B
 * Use it on raw scores (no Softmax layer before it).
 */
export class CrossEntropyLoss implements Loss {
  readonly name = 'CrossEntropyLoss';
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor; probs: Tensor; labels: boolean } | undefined;

  forward(prediction: Tensor, target: Tensor): number {
    const [batch, classes] = expectMatrix(this.name, prediction, 'logits');
    expectTwoClasses(this.name, classes);
    const labels = !sameShape(target.shape, prediction.shape);
    if (labels) expectLabels(this.name, target, batch, classes);
    // The softmax buffer is reused while batches keep their shape (every batch but the last).
    const previous = this.cache?.probs;
    const probs =
      previous && previous.dtype === prediction.dtype && sameShape(previous.shape, prediction.shape)
        ? previous
        : Tensor.zeros(prediction.shape, prediction.dtype);
    const total = labels
      ? crossEntropyLabelsSum(prediction.data, target.data, batch, classes, probs.data)
      : crossEntropyTargetsSum(prediction.data, target.data, batch, classes, probs.data);
    this.cache = { prediction, target, probs, labels };
    return total / batch;
  }

  backward(): Tensor {
    const { prediction, target, probs, labels } = requireForward(this.cache, this.name);
    const [batch, classes] = prediction.shape as [number, number];
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    if (labels) softmaxMinusOneHot(probs.data, target.data, batch, classes, 1 / batch, grad.data);
    else softmaxMinusTargets(probs.data, target.data, batch, classes, 1 / batch, grad.data);
    return grad;
  }

  toConfig(): { type: 'CrossEntropyLoss' } {
    return { type: 'CrossEntropyLoss' };
  }
}
