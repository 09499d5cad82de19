import { ConfigError } from '../errors';
import {
  countCounted,
  crossEntropyLabelsSum,
  crossEntropyTargetsSum,
  softmaxMinusOneHot,
  softmaxMinusTargets,
} from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, sameShape } from '../tensor/Tensor';
import { expectClassRows, expectLabels, expectTwoClasses, requireForward } from './checks';
import type { Loss } from './Loss';

export interface CrossEntropyLossOptions {
  /** A label value that marks a position to leave out (padding): no loss, no gradient, not counted. */
  readonly ignoreIndex?: number;
}
export type CrossEntropyLossConfig = { readonly type: 'CrossEntropyLoss' } & CrossEntropyLossOptions;

/**
 * Softmax cross-entropy on logits x over their last axis, PyTorch's 'mean' reduction, with a fused,
 * max-subtracted log-softmax (so no exp overflows and no log(0) appears). x: [batch, classes] or
 * [batch, …, classes] (one row r per position, N rows):
 *   labels y: x's shape without the last axis (integers 0..classes−1, or ignoreIndex):
 *     L = (1/N′) Σ_{r: y_r ≠ ignoreIndex} (logΣexp(x_r) − x[r, y_r]),  N′ = the rows counted
 *   targets t: x's shape (one-hot or probabilities):  L = −(1/N) Σ_r Σ_c t[r, c]·log softmax(x_r)_c
 *   backward: dL/dx_r = (softmax(x_r) − onehot(y_r))/N′ (0 for ignored rows),
 *             or (softmax(x_r)·Σ_c t[r, c] − t_r)/N
 * With every position ignored the loss is 0 (PyTorch gives NaN). Use it on raw scores (no Softmax
 * layer before it).
 */
export class CrossEntropyLoss implements Loss {
  readonly name = 'CrossEntropyLoss';
  readonly output = 'logits';
  readonly targets = 'classes';
  readonly ignoreIndex: number | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private grad: Tensor | undefined;
  private cache: { prediction: Tensor; target: Tensor; probs: Tensor; labels: boolean; counted: number } | undefined;

  constructor(options: CrossEntropyLossOptions = {}) {
    const ignore = options.ignoreIndex;
    if (ignore !== undefined && !Number.isInteger(ignore)) {
      throw new ConfigError(`CrossEntropyLoss: expected ignoreIndex to be an integer, got ${JSON.stringify(ignore)}`);
    }
    this.ignoreIndex = ignore;
  }

  forward(prediction: Tensor, target: Tensor): number {
    const [rows, classes] = expectClassRows(this.name, prediction, 'logits');
    expectTwoClasses(this.name, classes);
    const labels = !sameShape(target.shape, prediction.shape);
    if (labels) expectLabels(this.name, target, prediction, this.ignoreIndex);
    // The softmax buffer is reused while batches keep their shape (every batch but the last).
    const previous = this.cache?.probs;
    const probs =
      previous && previous.dtype === prediction.dtype && sameShape(previous.shape, prediction.shape)
        ? previous
        : Tensor.zeros(prediction.shape, prediction.dtype);
    const ignore = this.ignoreIndex ?? NaN;
    const counted = labels && this.ignoreIndex !== undefined ? countCounted(target.data, ignore) : rows;
    const total = labels
      ? crossEntropyLabelsSum(prediction.data, target.data, rows, classes, probs.data, ignore)
      : crossEntropyTargetsSum(prediction.data, target.data, rows, classes, probs.data);
    this.cache = { prediction, target, probs, labels, counted };
    return counted === 0 ? 0 : total / counted;
  }

  backward(): Tensor {
    const { prediction, target, probs, labels, counted } = requireForward(this.cache, this.name);
    const classes = prediction.shape[prediction.rank - 1] as number;
    const rows = prediction.size / classes;
    const grad = reuseOrZeros(this.grad, prediction.shape, prediction.dtype);
    this.grad = grad;
    const scale = counted === 0 ? 0 : 1 / counted;
    if (labels) softmaxMinusOneHot(probs.data, target.data, rows, classes, scale, grad.data, this.ignoreIndex ?? NaN);
    else softmaxMinusTargets(probs.data, target.data, rows, classes, scale, grad.data);
    return grad;
  }

  toConfig(): { type: 'CrossEntropyLoss'; ignoreIndex?: number } {
    // ignoreIndex present even when undefined: the JSON config check reads the keys toConfig() has.
    return { type: 'CrossEntropyLoss', ignoreIndex: this.ignoreIndex };
  }
}
