import { begin, copyIn, copyOut, slot } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * The elementwise kernels of asm/elementwise.ts behind the same copy-in/copy-out scheme as
 * gemmWasm: operands are copied into the operand area, the kernel runs, outputs are copied back;
 * a live resident array (WasmKernels.allocResident) is used where it lies instead. Each function
 * returns false (doing nothing) below MIN_ELEMENTS, where the call and copies cost more than the
 * JS loop saves; the caller then runs the reference kernel.
 */

/** Measured: under ~1k elements the JS loop wins (see README, Performance). */
export const MIN_ELEMENTS = 1024;

export function reluForwardWasm(wasm: WasmKernels, x: Float32Array, y: Float32Array): boolean {
  const n = x.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n)) return false;
  const ox = slot(wasm, x, n);
  const oy = slot(wasm, y, n);
  copyIn(wasm, x, n, ox);
  wasm.exports.reluForward(ox, oy, n);
  copyOut(wasm, oy, n, y);
  return true;
}

export function reluBackwardWasm(wasm: WasmKernels, x: Float32Array, dy: Float32Array, dx: Float32Array): boolean {
  const n = x.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n)) return false;
  const ox = slot(wasm, x, n);
  const ody = slot(wasm, dy, n);
  const odx = slot(wasm, dx, n);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, dy, n, ody);
  wasm.exports.reluBackward(ox, ody, odx, n);
  copyOut(wasm, odx, n, dx);
  return true;
}

export function addRowVectorWasm(wasm: WasmKernels, x: Float32Array, v: Float32Array, rows: number, cols: number): boolean {
  const n = rows * cols;
  if (n < MIN_ELEMENTS || !begin(wasm, n, cols)) return false;
  const ox = slot(wasm, x, n);
  const ov = slot(wasm, v, cols);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, v, cols, ov);
  wasm.exports.addRowVector(ox, ov, rows, cols);
  copyOut(wasm, ox, n, x);
  return true;
}

export function sumRowsWasm(wasm: WasmKernels, x: Float32Array, rows: number, cols: number, out: Float32Array, beta: number): boolean {
  const n = rows * cols;
  if (n < MIN_ELEMENTS || !begin(wasm, n, cols)) return false;
  const ox = slot(wasm, x, n);
  const oo = slot(wasm, out, cols);
  copyIn(wasm, x, n, ox);
  if (beta !== 0) copyIn(wasm, out, cols, oo);
  wasm.exports.sumRows(ox, rows, cols, oo, beta);
  copyOut(wasm, oo, cols, out);
  return true;
}
