import type { ConvGeometry } from '../im2col';
import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/conv.ts (im2col, col2im, swapLeadingAxes) behind the operand scheme of operands.ts: resident
 * arrays are used in place, others copied in and out. Each returns false (doing nothing) below
 * MIN_ELEMENTS columns entries, where the JS reference runs instead.
 */

function sizes(g: ConvGeometry): { image: number; columns: number } {
  return {
    image: g.batch * g.channels * g.height * g.width,
    columns: g.channels * g.kernelH * g.kernelW * g.batch * g.outH * g.outW,
  };
}

export function im2colWasm(wasm: WasmKernels, x: Float32Array, g: ConvGeometry, cols: Float32Array): boolean {
  const { image, columns } = sizes(g);
  if (columns < MIN_ELEMENTS || !begin(wasm, image, columns)) return false;
  const ox = slot(wasm, x, image);
  const oc = slot(wasm, cols, columns);
  copyIn(wasm, x, image, ox);
  wasm.exports.im2col(
    ox, oc, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW,
  );
  copyOut(wasm, oc, columns, cols);
  return true;
}

export function col2imWasm(wasm: WasmKernels, dcols: Float32Array, g: ConvGeometry, dx: Float32Array): boolean {
  const { image, columns } = sizes(g);
  if (columns < MIN_ELEMENTS || !begin(wasm, columns, image)) return false;
  const oc = slot(wasm, dcols, columns);
  const ox = slot(wasm, dx, image);
  copyIn(wasm, dcols, columns, oc);
  copyIn(wasm, dx, image, ox);
  wasm.exports.col2im(
    oc, ox, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW,
  );
  copyOut(wasm, ox, image, dx);
  return true;
}

export function swapLeadingAxesWasm(
  wasm: WasmKernels, x: Float32Array, rows: number, cols: number, inner: number, out: Float32Array,
): boolean {
  const n = rows * cols * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n)) return false;
  const ox = slot(wasm, x, n);
  const oo = slot(wasm, out, n);
  copyIn(wasm, x, n, ox);
  wasm.exports.swapLeadingAxes(ox, rows, cols, inner, oo);
  copyOut(wasm, oo, n, out);
  return true;
}
