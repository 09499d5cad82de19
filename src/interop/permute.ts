import { shapeSize, type Shape } from '../tensor/Tensor';

/**
 * Reorders the axes of a row-major array: out[..., i_perm[k], ...] = in[..., i_k, ...], i.e. output
 * axis k is input axis `perm[k]` (numpy's transpose). Layout conversion for file formats — Keras
 * stores a convolution kernel as [kh, kw, in, out], kubiki and ONNX as [out, in, kh, kw] — run once
 * per export or import, not in training.
 */
export function permute(data: ArrayLike<number>, shape: Shape, perm: readonly number[]): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((axis) => shape[axis] as number);
  const inStrides = stridesOf(shape);
  const outStrides = perm.map((axis) => inStrides[axis] as number);
  const out = new Float32Array(shapeSize(shape));
  const index = new Array<number>(outShape.length).fill(0);
  let source = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[source] as number;
    // Advance the output index like an odometer, moving `source` by the matching input strides.
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      source += outStrides[axis] as number;
      if ((index[axis] as number) < (outShape[axis] as number)) break;
      source -= (index[axis] as number) * (outStrides[axis] as number);
      index[axis] = 0;
    }
  }
  return { data: out, shape: outShape };
}

function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = (strides[axis + 1] as number) * (shape[axis + 1] as number);
  return strides;
}

/** kubiki/ONNX convolution kernel [out, in, kh, kw] → Keras [kh, kw, in, out]. */
export const TO_KERAS_KERNEL = [2, 3, 1, 0] as const;
/** Keras convolution kernel [kh, kw, in, out] → kubiki [out, in, kh, kw]. */
export const FROM_KERAS_KERNEL = [3, 2, 0, 1] as const;

/**
 * Reorders the gate blocks along the last axis of a recurrent weight [..., G·hidden]: output block k
 * is input block `order[k]` (GRU: kubiki/PyTorch r, z, n ↔ Keras z, r, h is [1, 0, 2] both ways).
 */
export function reorderGates(data: ArrayLike<number>, shape: Shape, order: readonly number[]): { data: Float32Array; shape: number[] } {
  const width = shape[shape.length - 1] as number;
  const block = width / order.length;
  const rows = shapeSize(shape) / width;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    order.forEach((from, k) => {
      for (let j = 0; j < block; j++) out[r * width + k * block + j] = data[r * width + from * block + j] as number;
    });
  }
  return { data: out, shape: [...shape] };
}
