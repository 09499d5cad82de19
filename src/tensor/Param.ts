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

/**
 * The entries whose tensor appears for the first time, in order: a layer used twice lists its
 * parameters (and buffers) once, under the name of its first use, as PyTorch's parameters() does,
 * so an optimizer steps a shared weight once with the sum of its uses' gradients.
 */
export function distinctTensors<T extends { readonly value: Tensor }>(list: readonly T[]): T[] {
  const seen = new Set<Tensor>();
  return list.filter((entry) => {
    if (seen.has(entry.value)) return false;
    seen.add(entry.value);
    return true;
  });
}
