import { align, type WasmKernels } from './WasmKernels';

/*
 * The LSTM and GRU cells of asm/recurrent.ts behind the copy-in/copy-out scheme of elementwiseWasm:
 * their σ and tanh per unit are where a JS step spends its time, and one f32x4 exp replaces them
 * (see asm/recurrent.ts for the accuracy). Each returns false (doing nothing) for tiny steps.
 */

/** Below this many units per step the JS kernel is as fast as the copies. */
export const MIN_UNITS = 64;

export function lstmCellForwardWasm(
  wasm: WasmKernels, gates: Float32Array, cPrev: Float32Array, c: Float32Array, tc: Float32Array, h: Float32Array,
  batch: number, hidden: number,
): boolean {
  const n = batch * hidden;
  if (n < MIN_UNITS) return false;
  const g = align(4 * n * 4);
  const s = align(n * 4);
  const total = g + 4 * s;
  if (!wasm.canHold(total)) return false;
  const og = wasm.reserve(total);
  const op = og + g;
  const oc = op + s;
  const ot = oc + s;
  const oh = ot + s;
  const heap = wasm.heap;
  heap.set(gates.subarray(0, 4 * n), og >> 2);
  heap.set(cPrev.subarray(0, n), op >> 2);
  wasm.exports.lstmCellForward(og, op, oc, ot, oh, batch, hidden);
  gates.set(heap.subarray(og >> 2, (og >> 2) + 4 * n));
  c.set(heap.subarray(oc >> 2, (oc >> 2) + n));
  tc.set(heap.subarray(ot >> 2, (ot >> 2) + n));
  h.set(heap.subarray(oh >> 2, (oh >> 2) + n));
  return true;
}

export function gruCellForwardWasm(
  wasm: WasmKernels, xp: Float32Array, hp: Float32Array, hPrev: Float32Array, h: Float32Array, batch: number, hidden: number,
): boolean {
  const n = batch * hidden;
  if (n < MIN_UNITS) return false;
  const g = align(3 * n * 4);
  const s = align(n * 4);
  const total = 2 * g + 2 * s;
  if (!wasm.canHold(total)) return false;
  const ox = wasm.reserve(total);
  const oq = ox + g;
  const op = oq + g;
  const oh = op + s;
  const heap = wasm.heap;
  heap.set(xp.subarray(0, 3 * n), ox >> 2);
  heap.set(hp.subarray(0, 3 * n), oq >> 2);
  heap.set(hPrev.subarray(0, n), op >> 2);
  wasm.exports.gruCellForward(ox, oq, op, oh, batch, hidden);
  xp.set(heap.subarray(ox >> 2, (ox >> 2) + 3 * n));
  h.set(heap.subarray(oh >> 2, (oh >> 2) + n));
  return true;
}
