import type { PoolGeometry } from '../pool';
import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot, space } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/pool.ts behind the operand scheme of operands.ts: x and y are used in place when resident,
 * argmax (an Int32Array, never resident) is written to the operand area and copied out. Returns
 * false (doing nothing) below MIN_ELEMENTS outputs, where the JS reference runs instead.
 */

/** Cached Int32 view of the argmax slot, renewed when the slot or the memory changes. */
let argmaxView: Int32Array | undefined;

export function maxPoolForwardWasm(wasm: WasmKernels, x: Float32Array, g: PoolGeometry, y: Float32Array, argmax: Int32Array): boolean {
  const n = g.planes * g.outH * g.outW;
  const image = g.planes * g.height * g.width;
  if (n < MIN_ELEMENTS || !begin(wasm, image, n, n)) return false;
  const ox = slot(wasm, x, image);
  const oy = slot(wasm, y, n);
  const oa = space(n);
  copyIn(wasm, x, image, ox);
  wasm.exports.maxPoolForward(ox, oy, oa, g.planes, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.outH, g.outW);
  copyOut(wasm, oy, n, y);
  const buffer = wasm.heap.buffer;
  if (!argmaxView || argmaxView.buffer !== buffer || argmaxView.byteOffset !== oa || argmaxView.length !== n) {
    argmaxView = new Int32Array(buffer, oa, n);
  }
  argmax.set(argmaxView);
  return true;
}
