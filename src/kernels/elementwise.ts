import type { FloatArray } from '../tensor/Tensor';

/*
 * Elementwise kernels over flat typed arrays. `out` may alias an input. Lengths are the caller's
 * responsibility (layers check shapes before they call a kernel).
 */

/** out[i] = fn(x[i]). For ops without a dedicated kernel; a closure call per element. */
export function map(x: FloatArray, out: FloatArray, fn: (value: number) => number): void {
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i] as number);
}

/** out = a + b */
export function add(a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
}

/** out = a − b */
export function sub(a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
}

/** out = a ⊙ b */
export function mul(a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * (b[i] as number);
}

/** out = s · x */
export function scale(x: FloatArray, s: number, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = s * (x[i] as number);
}

/** y += alpha · x  (BLAS axpy; how gradients accumulate). */
export function axpy(alpha: number, x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i]! += alpha * (x[i] as number);
}

/** Σ x[i] */
export function sum(x: FloatArray): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i] as number;
  return total;
}

/** Σ a[i]·b[i] */
export function dot(a: FloatArray, b: FloatArray): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i] as number) * (b[i] as number);
  return total;
}

/** Σ x[i]² */
export function sumSquares(x: FloatArray): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += (x[i] as number) * (x[i] as number);
  return total;
}

/** The L2 norm ‖x‖₂ = √(Σ x[i]²) (gradient and weight norms in training reports). */
export function l2Norm(x: FloatArray): number {
  return Math.sqrt(sumSquares(x));
}
