import type { FloatArray } from '../tensor/Tensor';

/*
 * Kernels for sequence layers: embedding lookups, batch-major ⇄ time-major copies and the
 * reductions over time. A sequence tensor [batch, time, features] is batch-major; the recurrent
 * layers keep their per-step state time-major ([time, batch, features]) so that one step's rows
 * are contiguous and a GEMM can read or write them directly.
 */

/** The first index that is not an integer in 0..count−1, or −1 when all are valid. */
export function invalidIndex(indices: FloatArray, count: number): number {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= count) return i;
  }
  return -1;
}

/** tableGrad[indices[i], :] += grad[i, :], except for rows whose index equals `skip`. */
export function scatterAddRowsExcept(grad: FloatArray, indices: FloatArray, dim: number, skip: number, tableGrad: FloatArray): void {
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i] as number;
    if (row === skip) continue;
    const dst = row * dim;
    const src = i * dim;
    for (let d = 0; d < dim; d++) tableGrad[dst + d]! += grad[src + d] as number;
  }
}

/**
 * Swaps the first two axes of [a, b, f] into [b, a, f] (batch-major ⇄ time-major), `out[j, i, :] =
 * x[i, j, :]`. With beta = 1 it adds into out instead of overwriting.
 */
export function swapAxes01(x: FloatArray, a: number, b: number, f: number, out: FloatArray, beta = 0): void {
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const src = (i * b + j) * f;
      const dst = (j * a + i) * f;
      if (beta === 0) for (let k = 0; k < f; k++) out[dst + k] = x[src + k] as number;
      else for (let k = 0; k < f; k++) out[dst + k]! += x[src + k] as number;
    }
  }
}

/** Reverses time in [batch, time, f]: out[b, t, :] = x[b, time − 1 − t, :]. `out` must not alias `x`. */
export function reverseTime(x: FloatArray, batch: number, time: number, f: number, out: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const src = (b * time + t) * f;
      const dst = (b * time + (time - 1 - t)) * f;
      for (let k = 0; k < f; k++) out[dst + k] = x[src + k] as number;
    }
  }
}

/** out[b, :] = x[b, t, :] of a [batch, time, f] tensor (one step). */
export function takeStep(x: FloatArray, batch: number, time: number, f: number, t: number, out: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    const src = (b * time + t) * f;
    const dst = b * f;
    for (let k = 0; k < f; k++) out[dst + k] = x[src + k] as number;
  }
}

/** out[b, t, :] = x[b, :] into one step of a [batch, time, f] tensor (other steps untouched). */
export function putStep(x: FloatArray, batch: number, time: number, f: number, t: number, out: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    const src = b * f;
    const dst = (b * time + t) * f;
    for (let k = 0; k < f; k++) out[dst + k] = x[src + k] as number;
  }
}

/** out[b, :] = scale · Σ_t x[b, t, :] (mean over time with scale = 1/time). */
export function sumOverTime(x: FloatArray, batch: number, time: number, f: number, scale: number, out: FloatArray): void {
  out.fill(0, 0, batch * f);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const src = (b * time + t) * f;
      for (let k = 0; k < f; k++) out[b * f + k]! += x[src + k] as number;
    }
    for (let k = 0; k < f; k++) out[b * f + k] = scale * (out[b * f + k] as number);
  }
}

/** out[b, t, :] = scale · g[b, :] for every t (the backward of sumOverTime). */
export function broadcastOverTime(g: FloatArray, batch: number, time: number, f: number, scale: number, out: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const dst = (b * time + t) * f;
      for (let k = 0; k < f; k++) out[dst + k] = scale * (g[b * f + k] as number);
    }
  }
}

/** out[b, k] = max_t x[b, t, k]; argmax[b·f + k] = the first t reaching it (time ≥ 1). */
export function maxOverTime(x: FloatArray, batch: number, time: number, f: number, out: FloatArray, argmax: Int32Array): void {
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < f; k++) {
      let best = x[b * time * f + k] as number;
      let at = 0;
      for (let t = 1; t < time; t++) {
        const v = x[(b * time + t) * f + k] as number;
        if (v > best) {
          best = v;
          at = t;
        }
      }
      out[b * f + k] = best;
      argmax[b * f + k] = at;
    }
  }
}

/** gradIn[b, argmax, k] = g[b, k], zero elsewhere (the backward of maxOverTime). */
export function maxOverTimeBackward(g: FloatArray, argmax: Int32Array, batch: number, time: number, f: number, gradIn: FloatArray): void {
  gradIn.fill(0, 0, batch * time * f);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < f; k++) gradIn[(b * time + (argmax[b * f + k] as number)) * f + k] = g[b * f + k] as number;
  }
}

/** x[b, t, :] += table[t, :] for t < time (a positional table added to every sample). */
export function addPositions(x: FloatArray, table: FloatArray, batch: number, time: number, f: number, out: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    for (let i = 0, o = b * time * f; i < time * f; i++, o++) out[o] = (x[o] as number) + (table[i] as number);
  }
}

/** tableGrad[t, :] += Σ_b g[b, t, :] (the table's gradient from addPositions). */
export function sumPositions(g: FloatArray, batch: number, time: number, f: number, tableGrad: FloatArray): void {
  for (let b = 0; b < batch; b++) {
    for (let i = 0, o = b * time * f; i < time * f; i++, o++) tableGrad[i]! += g[o] as number;
  }
}

/** out[r, :] = [a[r, :], b[r, :]] (concatenation along the last axis, fa + fb columns). */
export function concatLastAxis(a: FloatArray, b: FloatArray, rows: number, fa: number, fb: number, out: FloatArray): void {
  const width = fa + fb;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < fa; k++) out[r * width + k] = a[r * fa + k] as number;
    for (let k = 0; k < fb; k++) out[r * width + fa + k] = b[r * fb + k] as number;
  }
}

/** The inverse of concatLastAxis: a[r, :] = x[r, :fa], b[r, :] = x[r, fa:]. */
export function splitLastAxis(x: FloatArray, rows: number, fa: number, fb: number, a: FloatArray, b: FloatArray): void {
  const width = fa + fb;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < fa; k++) a[r * fa + k] = x[r * width + k] as number;
    for (let k = 0; k < fb; k++) b[r * fb + k] = x[r * width + fa + k] as number;
  }
}
