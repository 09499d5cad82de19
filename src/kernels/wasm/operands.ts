import { align, type WasmKernels } from './WasmKernels';

/*
 * Placing a kernel's operands in the wasm memory for one call: begin() reserves the operand area
 * for the worst case (no operand resident), slot() gives each array its address (where it lies
 * when it is a live resident array, else the next free slot), copyIn/copyOut move the values of
 * the arrays that are not resident. Used by the elementwise and convolution wrappers.
 */

/** The next free byte of the operand area in the call being set up (see begin/slot). */
let cursor = 0;

/**
 * Reserves room for operands of these lengths (enough when none is resident); false when they do
 * not fit in the wasm memory.
 */
export function begin(wasm: WasmKernels, a: number, b: number, c = 0, d = 0): boolean {
  const total = align(a * 4) + align(b * 4) + align(c * 4) + align(d * 4);
  if (!wasm.canHold(total)) return false;
  cursor = wasm.reserve(total);
  return true;
}

/** The address `array` is read or written at: where it lies when resident, else a fresh slot. */
export function slot(wasm: WasmKernels, array: Float32Array, n: number): number {
  const resident = wasm.residentAddress(array);
  return resident >= 0 ? resident : space(n);
}

/** The next free slot of n 4-byte elements in the operand area (for an output that is not a Float32Array). */
export function space(n: number): number {
  const at = cursor;
  cursor += align(n * 4);
  return at;
}

/** Copies the first n values of `src` to `byteOffset` unless it is resident there already. */
export function copyIn(wasm: WasmKernels, src: Float32Array, n: number, byteOffset: number): void {
  if (wasm.residentAddress(src) === byteOffset) return;
  wasm.heap.set(src.length === n ? src : src.subarray(0, n), byteOffset >> 2);
}

/** Copies n values at `byteOffset` to `dst` unless `dst` is resident there. */
export function copyOut(wasm: WasmKernels, byteOffset: number, n: number, dst: Float32Array): void {
  if (wasm.residentAddress(dst) === byteOffset) return;
  dst.set(wasm.heap.subarray(byteOffset >> 2, (byteOffset >> 2) + n));
}

