import { Tensor, sameShape, type DType, type Shape } from './Tensor';

/*
 * Buffer reuse for steady-state training. While fit's training loop runs (between
 * enterBufferReuse and exitBufferReuse), layers and losses hand out the same output and gradient
 * tensor for every batch of the same shape, so a training step allocates no tensor. Outside it each
 * call returns a fresh tensor: a caller that runs forward(x) twice and keeps both results never
 * sees the first overwritten. Inside fit, a tensor a layer returned is valid until the next batch.
 */

let depth = 0;

export function enterBufferReuse(): void {
  depth++;
}

export function exitBufferReuse(): void {
  depth = Math.max(0, depth - 1);
}

export function reusingBuffers(): boolean {
  return depth > 0;
}

/**
 * `previous` when buffers are being reused and it has this shape and dtype (its old values are
 * left in place: the caller overwrites every element), otherwise a new zero tensor.
 */
export function reuseOrZeros(previous: Tensor | undefined, shape: Shape, dtype: DType): Tensor {
  if (depth > 0 && previous !== undefined && previous.dtype === dtype && sameShape(previous.shape, shape)) {
    return previous;
  }
  return Tensor.zeros(shape, dtype);
}
