import type { FloatArray } from '../tensor/Tensor';
import { logSoftmaxBackwardRows, logSoftmaxRows, softmaxBackwardRows, softmaxRows } from './rows';

/*
 * Kernels along one axis of a row-major array seen as [outer, n, inner] (the axis has n entries,
 * `inner` is the product of the dimensions after it). With inner = 1 the axis is the last one and
 * the row kernels of rows.ts do the work.
 */

/** y = softmax(x) along the axis, max-subtracted so exp never overflows. */
export function softmaxAxis(x: FloatArray, y: FloatArray, outer: number, n: number, inner: number): void {
  if (inner === 1) return softmaxRows(x, y, outer, n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let max = -Infinity;
      for (let i = 0; i < n; i++) max = Math.max(max, x[base + i * inner] as number);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.exp((x[base + i * inner] as number) - max);
        y[base + i * inner] = e;
        total += e;
      }
      for (let i = 0; i < n; i++) y[base + i * inner] = (y[base + i * inner] as number) / total;
    }
  }
}

/** y = x − max − log Σ exp(x − max) along the axis. */
export function logSoftmaxAxis(x: FloatArray, y: FloatArray, outer: number, n: number, inner: number): void {
  if (inner === 1) return logSoftmaxRows(x, y, outer, n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let max = -Infinity;
      for (let i = 0; i < n; i++) max = Math.max(max, x[base + i * inner] as number);
      let total = 0;
      for (let i = 0; i < n; i++) total += Math.exp((x[base + i * inner] as number) - max);
      const shift = max + Math.log(total);
      for (let i = 0; i < n; i++) y[base + i * inner] = (x[base + i * inner] as number) - shift;
    }
  }
}

/** dx = y ⊙ (dy − Σ_axis dy ⊙ y) */
export function softmaxAxisBackward(
  y: FloatArray, dy: FloatArray, dx: FloatArray, outer: number, n: number, inner: number,
): void {
  if (inner === 1) return softmaxBackwardRows(y, dy, dx, outer, n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let s = 0;
      for (let i = 0; i < n; i++) s += (dy[base + i * inner] as number) * (y[base + i * inner] as number);
      for (let i = 0; i < n; i++) {
        const k = base + i * inner;
        dx[k] = (y[k] as number) * ((dy[k] as number) - s);
      }
    }
  }
}

/** dx = dy − exp(y) · Σ_axis dy */
export function logSoftmaxAxisBackward(
  y: FloatArray, dy: FloatArray, dx: FloatArray, outer: number, n: number, inner: number,
): void {
  if (inner === 1) return logSoftmaxBackwardRows(y, dy, dx, outer, n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let s = 0;
      for (let i = 0; i < n; i++) s += dy[base + i * inner] as number;
      for (let i = 0; i < n; i++) {
        const k = base + i * inner;
        dx[k] = (dy[k] as number) - Math.exp(y[k] as number) * s;
      }
    }
  }
}

/** y[o, j] = max_i x[o, i, j]; argmax[o, j] = the first i reaching it. y, argmax: [outer, inner]. */
export function maxAxis(
  x: FloatArray, y: FloatArray, argmax: Int32Array, outer: number, n: number, inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let best = 0;
      let bestValue = x[base] as number;
      for (let i = 1; i < n; i++) {
        const v = x[base + i * inner] as number;
        if (v > bestValue || (Number.isNaN(v) && !Number.isNaN(bestValue))) {
          bestValue = v;
          best = i;
        }
      }
      y[o * inner + j] = bestValue;
      argmax[o * inner + j] = best;
    }
  }
}

/** dx = dy at each argmax position, 0 elsewhere (dx is overwritten). */
export function maxAxisBackward(
  dy: FloatArray, argmax: Int32Array, dx: FloatArray, outer: number, n: number, inner: number,
): void {
  dx.fill(0);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      dx[o * n * inner + (argmax[o * inner + j] as number) * inner + j] = dy[o * inner + j] as number;
    }
  }
}

/**
 * For each of `outer` blocks: `count` entries along the axis, from index `srcStart` of src (axis
 * length srcN) to index `dstStart` of dst (axis length dstN); each entry is `inner` values. With
 * `accumulate`, adds instead of copying. Slice, concat and their gradients.
 */
export function copyAxisRange(
  src: FloatArray, srcN: number, srcStart: number, dst: FloatArray, dstN: number, dstStart: number,
  count: number, outer: number, inner: number, accumulate = false,
): void {
  const length = count * inner;
  for (let o = 0; o < outer; o++) {
    const from = (o * srcN + srcStart) * inner;
    const to = (o * dstN + dstStart) * inner;
    if (accumulate) {
      for (let i = 0; i < length; i++) dst[to + i]! += src[from + i] as number;
    } else {
      dst.set(src.subarray(from, from + length), to);
    }
  }
}

/** dtable[indices[r], :] += grad[r, :] (scatter-add: a row picked twice gets both gradients; the gradient of normalize.ts's gatherRows). */
export function scatterAddRows(grad: FloatArray, cols: number, indices: ArrayLike<number>, dtable: FloatArray): void {
  for (let r = 0; r < indices.length; r++) {
    const to = (indices[r] as number) * cols;
    for (let c = 0; c < cols; c++) dtable[to + c]! += grad[r * cols + c] as number;
  }
}
