import type { FloatArray } from '../tensor/Tensor';

/*
 * Kernels of the merge layers and containers (Concat, Concatenate, Maximum, Multiply). A tensor
 * split at an axis is `outer` blocks of `inner` contiguous values: outer = Π shape[0..axis),
 * inner = Π shape[axis..] — so joining along the axis is copying blocks side by side.
 */

/** out[o, offset_k + j] = parts[k][o, j] for each part k of `inners[k]` values per block. */
export function concatBlocks(parts: readonly FloatArray[], inners: readonly number[], outer: number, out: FloatArray): void {
  const total = inners.reduce((a, b) => a + b, 0);
  let offset = 0;
  parts.forEach((part, k) => {
    const inner = inners[k] as number;
    for (let o = 0; o < outer; o++) out.set(part.subarray(o * inner, (o + 1) * inner), o * total + offset);
    offset += inner;
  });
}

/** The inverse of concatBlocks: outs[k][o, j] = src[o, offset_k + j]. */
export function splitBlocks(src: FloatArray, inners: readonly number[], outer: number, outs: readonly FloatArray[]): void {
  const total = inners.reduce((a, b) => a + b, 0);
  let offset = 0;
  outs.forEach((part, k) => {
    const inner = inners[k] as number;
    for (let o = 0; o < outer; o++) part.set(src.subarray(o * total + offset, o * total + offset + inner), o * inner);
    offset += inner;
  });
}

/** out = max_k xs[k] elementwise; which[i] = the first k attaining it (ties go to the earlier input). */
export function maximumForward(xs: readonly FloatArray[], out: FloatArray, which: Int32Array): void {
  const first = xs[0] as FloatArray;
  out.set(first);
  which.fill(0);
  for (let k = 1; k < xs.length; k++) {
    const x = xs[k] as FloatArray;
    for (let i = 0; i < out.length; i++) {
      if ((x[i] as number) > (out[i] as number)) {
        out[i] = x[i] as number;
        which[i] = k;
      }
    }
  }
}

/** dxs[k][i] = dy[i] where which[i] = k, else 0. */
export function maximumBackward(dy: FloatArray, which: Int32Array, dxs: readonly FloatArray[]): void {
  for (const dx of dxs) dx.fill(0);
  for (let i = 0; i < dy.length; i++) (dxs[which[i] as number] as FloatArray)[i] = dy[i] as number;
}

/** out = Π_{k ≠ skip} xs[k] ⊙ dy (Multiply's gradient for input `skip`). */
export function productExcept(xs: readonly FloatArray[], skip: number, dy: FloatArray, out: FloatArray): void {
  out.set(dy);
  xs.forEach((x, k) => {
    if (k === skip) return;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * (x[i] as number);
  });
}
