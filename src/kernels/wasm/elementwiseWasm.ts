import { align, type WasmKernels } from './WasmKernels';

/*
 * The elementwise kernels of asm/elementwise.ts behind the same copy-in/copy-out scheme as
 * gemmWasm: operands are copied into the operand area, the kernel runs, outputs are copied back.
 * Each function returns false (doing nothing) below MIN_ELEMENTS, where the call and copies cost
 * more than the JS loop saves; the caller then runs the reference kernel.
 */

/** Measured: under ~1k elements the JS loop wins (see README, Performance). */
export const MIN_ELEMENTS = 1024;

/** Reserves room for arrays of these lengths; -1 when they do not fit in the wasm memory. */
function place(wasm: WasmKernels, ...lengths: number[]): number {
  let total = 0;
  for (const n of lengths) total += align(n * 4);
  return wasm.canHold(total) ? wasm.reserve(total) : -1;
}

function copyIn(wasm: WasmKernels, src: Float32Array, n: number, byteOffset: number): void {
  wasm.heap.set(src.length === n ? src : src.subarray(0, n), byteOffset >> 2);
}

function copyOut(wasm: WasmKernels, byteOffset: number, n: number, dst: Float32Array): void {
  dst.set(wasm.heap.subarray(byteOffset >> 2, (byteOffset >> 2) + n));
}

export function reluForwardWasm(wasm: WasmKernels, x: Float32Array, y: Float32Array): boolean {
  const n = x.length;
  if (n < MIN_ELEMENTS) return false;
  const ox = place(wasm, n, n);
  if (ox < 0) return false;
  const oy = ox + align(n * 4);
  copyIn(wasm, x, n, ox);
  wasm.exports.reluForward(ox, oy, n);
  copyOut(wasm, oy, n, y);
  return true;
}

export function reluBackwardWasm(wasm: WasmKernels, x: Float32Array, dy: Float32Array, dx: Float32Array): boolean {
  const n = x.length;
  if (n < MIN_ELEMENTS) return false;
  const ox = place(wasm, n, n, n);
  if (ox < 0) return false;
  const ody = ox + align(n * 4);
  const odx = ody + align(n * 4);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, dy, n, ody);
  wasm.exports.reluBackward(ox, ody, odx, n);
  copyOut(wasm, odx, n, dx);
  return true;
}

export function addRowVectorWasm(wasm: WasmKernels, x: Float32Array, v: Float32Array, rows: number, cols: number): boolean {
  const n = rows * cols;
  if (n < MIN_ELEMENTS) return false;
  const ox = place(wasm, n, cols);
  if (ox < 0) return false;
  const ov = ox + align(n * 4);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, v, cols, ov);
  wasm.exports.addRowVector(ox, ov, rows, cols);
  copyOut(wasm, ox, n, x);
  return true;
}

export function sumRowsWasm(wasm: WasmKernels, x: Float32Array, rows: number, cols: number, out: Float32Array, beta: number): boolean {
  const n = rows * cols;
  if (n < MIN_ELEMENTS) return false;
  const ox = place(wasm, n, cols);
  if (ox < 0) return false;
  const oo = ox + align(n * 4);
  copyIn(wasm, x, n, ox);
  if (beta !== 0) copyIn(wasm, out, cols, oo);
  wasm.exports.sumRows(ox, rows, cols, oo, beta);
  copyOut(wasm, oo, cols, out);
  return true;
}

export function sgdUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, buf: Float32Array | undefined, firstStep: boolean,
  lr: number, momentum: number, nesterov: boolean, weightDecay: number,
): boolean {
  const n = theta.length;
  if (n < MIN_ELEMENTS) return false;
  const useBuf = buf !== undefined && momentum !== 0;
  const ot = place(wasm, n, n, useBuf ? n : 0);
  if (ot < 0) return false;
  const og = ot + align(n * 4);
  const ob = useBuf ? og + align(n * 4) : 0;
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  if (useBuf && !firstStep) copyIn(wasm, buf, n, ob);
  wasm.exports.sgdUpdate(ot, og, ob, n, firstStep ? 1 : 0, lr, momentum, nesterov ? 1 : 0, weightDecay);
  copyOut(wasm, ot, n, theta);
  if (useBuf) copyOut(wasm, ob, n, buf);
  return true;
}
