import type { Tensor } from '../tensor/Tensor';
import type { LossConfig } from './LossConfig';

/**
 * A loss starts the backward pass: `forward` returns the scalar loss for a batch and caches what
 * `backward` needs; `backward` returns dL/dprediction, the gradOut of the last layer.
 * Reduction is PyTorch's 'mean' (over all elements, or over the batch for CrossEntropy/NLL).
 */
export interface Loss {
  readonly name: string;
  /** A label value marking positions the loss leaves out (CrossEntropyLoss); metrics skip them too. */
  readonly ignoreIndex?: number;
  forward(prediction: Tensor, target: Tensor): number;
  backward(): Tensor;
  toConfig(): LossConfig;
}
