import type { Tensor } from './Tensor';

/** A trainable tensor and the gradient that backward accumulates into (same shape). */
export interface Param {
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
}

/**
 * Non-trainable state that belongs in the model file (BatchNorm's running mean and variance):
 * saved and loaded with the weights, never touched by an optimizer.
 */
export interface StateTensor {
  readonly name: string;
  readonly value: Tensor;
}
