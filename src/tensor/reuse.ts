import { Tensor, allocate, sameShape, shapeSize, type DType, type FloatArray, type Shape } from './Tensor';

/*
 * Buffer reuse for steady-state training. While fit's training loop runs (between
 * enterBufferReuse and exitBufferReuse), layers and losses hand out the same output and gradient
 * tensor for every batch of the same shape, so a training step allocates no tensor. Outside it each
 * call returns a fresh tensor: a caller that runs forward(x) twice and keeps both results never
 * sees the first overwritten. Inside fit, a tensor a layer returned is valid until the next batch.
 */

let depth = 0;

/**
 * Where fit's float32 buffers come from: installed by the wasm backend (src/kernels/resident.ts),
 * which hands out arrays in its own memory while a fit runs, so its kernels use them in place.
 */
export interface BufferArena {
  /** A zero-filled array for fit's buffers, or undefined (no fit on the wasm backend, or no room). */
  alloc(length: number): Float32Array | undefined;
  /** As alloc, for int32 indices (MaxPool2D's argmax). */
  allocInt32(length: number): Int32Array | undefined;
  /** Whether `data` came from the arena and has been released since (it must not be reused). */
  isStale(data: Float32Array | Int32Array): boolean;
  /** Whether `data` is a live arena array. */
  owns(data: Float32Array | Int32Array): boolean;
  /**
   * Takes back a live arena array its holder has replaced (no-op for any other array): its memory
   * goes to the next alloc of the same size. Only for a holder's own buffer from an earlier batch,
   * which by the reuse contract nobody reads any more.
   */
  recycle(data: Float32Array | Int32Array): void;
}

let arena: BufferArena | undefined;

export function setBufferArena(next: BufferArena | undefined): void {
  arena = next;
}

/** A zero tensor for a buffer fit keeps for its whole run (the mini-batch): from the arena when it has one. */
export function fitBufferZeros(shape: Shape, dtype: DType): Tensor {
  const data = dtype === 'float32' ? arena?.alloc(shapeSize(shape)) : undefined;
  return data ? new Tensor(data, shape) : Tensor.zeros(shape, dtype);
}

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
 * left in place: the caller overwrites every element), otherwise a new zero tensor (inside the
 * training loop from the arena, when one is installed; a released arena buffer is never reused).
 */
export function reuseOrZeros(previous: Tensor | undefined, shape: Shape, dtype: DType): Tensor {
  if (depth === 0) return Tensor.zeros(shape, dtype);
  if (
    previous !== undefined && previous.dtype === dtype && sameShape(previous.shape, shape) &&
    !(arena !== undefined && previous.data instanceof Float32Array && arena.isStale(previous.data))
  ) {
    return previous;
  }
  if (previous !== undefined && (previous.data instanceof Float32Array)) arena?.recycle(previous.data);
  return fitBufferZeros(shape, dtype);
}

/**
 * A layer's private work array of `size` (kept across calls, never handed out): `current` when it
 * still fits, else a new one, from the arena inside the training loop (where `current` is also
 * replaced by an arena array once, so the kernels use it in place). Contents are left as they are.
 */
export function workArray(current: FloatArray | undefined, size: number, dtype: DType): FloatArray {
  const fits = current !== undefined && current.length === size && (current instanceof Float64Array) === (dtype === 'float64');
  const stale = current instanceof Float32Array && arena !== undefined && arena.isStale(current);
  if (depth > 0 && dtype === 'float32' && arena !== undefined && !(fits && !stale && arena.owns(current as Float32Array))) {
    if (!fits && current instanceof Float32Array) arena.recycle(current);
    const data = arena.alloc(size);
    if (data) return data;
  }
  return fits && !stale ? (current as FloatArray) : allocate(dtype, size);
}

/**
 * A layer's per-batch int32 scratch of `size` (MaxPool2D's argmax), which it overwrites entirely:
 * outside the training loop a new array each call; inside it `current` while it fits, is not
 * stale and (with an arena) lives in the arena, else a new one — from the arena when it has room,
 * so the kernels write and read it in place.
 */
export function workIndices(current: Int32Array | undefined, size: number): Int32Array {
  if (depth === 0) return new Int32Array(size);
  const fits = current !== undefined && current.length === size && !(arena !== undefined && arena.isStale(current));
  if (arena !== undefined && !(fits && arena.owns(current as Int32Array))) {
    if (!fits && current !== undefined) arena.recycle(current);
    const data = arena.allocInt32(size);
    if (data) return data;
  }
  return fits ? (current as Int32Array) : new Int32Array(size);
}
