import { align, type ResidentArray, type WasmKernels } from './WasmKernels';

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
export function slot(wasm: WasmKernels, array: ResidentArray, n: number): number {
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
export function copyIn(wasm: WasmKernels, src: ResidentArray, n: number, byteOffset: number): void {
  if (wasm.residentAddress(src) === byteOffset) return;
  const part = src.length === n ? src : src.subarray(0, n);
  // Each through the heap view of its own type: a Float32 view would convert int32 indices to floats.
  if (part instanceof Int32Array) wasm.heapInt32.set(part, byteOffset >> 2);
  else wasm.heap.set(part, byteOffset >> 2);
}

/** Copies n values at `byteOffset` to `dst` unless `dst` is resident there. */
export function copyOut(wasm: WasmKernels, byteOffset: number, n: number, dst: ResidentArray): void {
  if (wasm.residentAddress(dst) === byteOffset) return;
  if (dst instanceof Int32Array) dst.set(wasm.heapInt32.subarray(byteOffset >> 2, (byteOffset >> 2) + n));
  else dst.set(wasm.heap.subarray(byteOffset >> 2, (byteOffset >> 2) + n));
}

