import type { FloatArray } from '../tensor/Tensor';

/*
 * Row-wise kernels on a [rows, cols] row-major matrix: bias broadcast, column sums, softmax and
 * log-softmax with the row maximum subtracted (so exp never overflows), argmax.
 */

/** x[r, c] += v[c] for every row (bias add). */
export function addRowVector(x: FloatArray, v: FloatArray, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) x[o]! += v[c] as number;
  }
}

/** out[c] = beta·out[c] + Σ_r x[r, c] (column sums: the bias gradient Σ_batch dY). */
export function sumRows(x: FloatArray, rows: number, cols: number, out: FloatArray, beta = 0): void {
  for (let c = 0; c < cols; c++) out[c] = beta === 0 ? 0 : beta * (out[c] as number);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) out[c]! += x[o] as number;
  }
}

/** y[r, :] = exp(x[r, :] − max) / Σ exp(x[r, :] − max) */
export function softmaxRows(x: FloatArray, y: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let max = -Infinity;
    for (let i = start; i < end; i++) max = Math.max(max, x[i] as number);
    let total = 0;
    for (let i = start; i < end; i++) {
      const e = Math.exp((x[i] as number) - max);
      y[i] = e;
      total += e;
    }
    const inv = 1 / total;
    for (let i = start; i < end; i++) y[i] = (y[i] as number) * inv;
  }
}

/** y[r, :] = x[r, :] − max − log Σ exp(x[r, :] − max) */
export function logSoftmaxRows(x: FloatArray, y: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let max = -Infinity;
    for (let i = start; i < end; i++) max = Math.max(max, x[i] as number);
    let total = 0;
    for (let i = start; i < end; i++) total += Math.exp((x[i] as number) - max);
    const shift = max + Math.log(total);
    for (let i = start; i < end; i++) y[i] = (x[i] as number) - shift;
  }
}

/** Softmax backward: dx = y ⊙ (dy − rowsum(dy ⊙ y)). */
export function softmaxBackwardRows(y: FloatArray, dy: FloatArray, dx: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let s = 0;
    for (let i = start; i < end; i++) s += (dy[i] as number) * (y[i] as number);
    for (let i = start; i < end; i++) dx[i] = (y[i] as number) * ((dy[i] as number) - s);
  }
}

/** Log-softmax backward: dx = dy − exp(y) · rowsum(dy). */
export function logSoftmaxBackwardRows(y: FloatArray, dy: FloatArray, dx: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let s = 0;
    for (let i = start; i < end; i++) s += dy[i] as number;
    for (let i = start; i < end; i++) dx[i] = (dy[i] as number) - Math.exp(y[i] as number) * s;
  }
}

/** out[r] = index of the largest value of row r (first one on ties). */
export function argmaxRows(x: FloatArray, rows: number, cols: number, out: Int32Array | FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let best = 0;
    let bestValue = x[start] as number;
    for (let c = 1; c < cols; c++) {
      const v = x[start + c] as number;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
}
