import type { FloatArray } from '../tensor/Tensor';

/*
 * Elementwise functions and their backward kernels for autograd's ops (relu, sigmoid and tanh
 * reuse activations.ts). Backward kernels take what the forward kept (x or y), dy, and write dx.
 * The formulas are in the ops' doc comments (src/autograd/ops).
 */

export function expForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.exp(x[i] as number);
}

/** dx = dy · y */
export function expBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < y.length; i++) dx[i] = (dy[i] as number) * (y[i] as number);
}

export function logForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.log(x[i] as number);
}

/** dx = dy / x */
export function logBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) dx[i] = (dy[i] as number) / (x[i] as number);
}

export function sqrtForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i] as number);
}

/** dx = dy / (2y) */
export function sqrtBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < y.length; i++) dx[i] = (dy[i] as number) / (2 * (y[i] as number));
}

export function absForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.abs(x[i] as number);
}

/** dx = dy · sign(x), 0 at x = 0 (PyTorch's choice). */
export function absBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    dx[i] = v > 0 ? (dy[i] as number) : v < 0 ? -(dy[i] as number) : 0;
  }
}

export function powForward(x: FloatArray, p: number, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = (x[i] as number) ** p;
}

/** dx = dy · p · x^(p−1) (0 for p = 0, even at x = 0). */
export function powBackward(x: FloatArray, p: number, dy: FloatArray, dx: FloatArray): void {
  if (p === 0) {
    dx.fill(0);
    return;
  }
  for (let i = 0; i < x.length; i++) dx[i] = (dy[i] as number) * p * (x[i] as number) ** (p - 1);
}
