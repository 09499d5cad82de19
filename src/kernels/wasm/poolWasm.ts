import type { PoolGeometry } from '../pool';
import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/pool.ts behind the operand scheme of operands.ts: x, y, dy, dx and the int32 argmax are used
 * in place when resident (inside fit MaxPool2D's argmax is, see tensor/reuse.ts workIndices), else
 * copied in and out. Each returns false (doing nothing) below MIN_ELEMENTS outputs, where the JS
 * reference runs instead.
 */

export function maxPoolForwardWasm(wasm: WasmKernels, x: Float32Array, g: PoolGeometry, y: Float32Array, argmax: Int32Array): boolean {
  const n = g.planes * g.outH * g.outW;
  const image = g.planes * g.height * g.width;
  if (n < MIN_ELEMENTS || !begin(wasm, image, n, n)) return false;
  const ox = slot(wasm, x, image);
  const oy = slot(wasm, y, n);
  const oa = slot(wasm, argmax, n);
  copyIn(wasm, x, image, ox);
  wasm.exports.maxPoolForward(ox, oy, oa, g.planes, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.outH, g.outW);
  copyOut(wasm, oy, n, y);
  copyOut(wasm, oa, n, argmax);
  return true;
}

/**
 * dx[argmax[o]] += dy[o] for o = 0, 1, … in order, adding to what dx holds; an index outside dx is
 * skipped, as the reference's typed-array write ignores it.
 */
export function maxPoolBackwardWasm(wasm: WasmKernels, dy: Float32Array, argmax: Int32Array, dx: Float32Array): boolean {
  const n = dy.length;
  const m = dx.length;
  if (n < MIN_ELEMENTS || argmax.length < n || !begin(wasm, n, n, m)) return false;
  const ody = slot(wasm, dy, n);
  const oa = slot(wasm, argmax, n);
  const odx = slot(wasm, dx, m);
  copyIn(wasm, dy, n, ody);
  copyIn(wasm, argmax, n, oa);
  copyIn(wasm, dx, m, odx);
  wasm.exports.maxPoolBackward(ody, oa, odx, n, m);
  copyOut(wasm, odx, m, dx);
  return true;
}
