import type { ConvGeometry } from '../im2col';
import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot, space } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/conv.ts (im2col, col2im, swapLeadingAxes) behind the operand scheme of operands.ts: resident
 * arrays are used in place, others copied in and out. Each returns false (doing nothing) below
 * MIN_ELEMENTS columns entries, where the JS reference runs instead.
 */

function sizes(g: ConvGeometry): { image: number; columns: number; padded: number } {
  return {
    image: g.batch * g.channels * g.height * g.width,
    columns: g.channels * g.kernelH * g.kernelW * g.batch * g.outH * g.outW,
    padded: paddedSize(g),
  };
}

/**
 * Floats of the zero-padded input copy asm/conv.ts uses for stride 1 (each row of columns then one
 * plain copy), or 0 where it does not apply: other strides, or an image not inside the padded area.
 */
function paddedSize(g: ConvGeometry): number {
  const hp = g.outH + g.kernelH - 1;
  const wp = g.outW + g.kernelW - 1;
  if (g.strideH !== 1 || g.strideW !== 1 || g.padTop + g.height > hp || g.padLeft + g.width > wp) return 0;
  return g.batch * g.channels * hp * wp;
}

export function im2colWasm(wasm: WasmKernels, x: Float32Array, g: ConvGeometry, cols: Float32Array): boolean {
  const { image, columns, padded } = sizes(g);
  if (columns < MIN_ELEMENTS || !begin(wasm, image, columns, padded)) return false;
  const ox = slot(wasm, x, image);
  const oc = slot(wasm, cols, columns);
  const op = padded > 0 ? space(padded) : 0;
  copyIn(wasm, x, image, ox);
  wasm.exports.im2col(
    ox, oc, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW,
    op,
  );
  copyOut(wasm, oc, columns, cols);
  return true;
}

export function col2imWasm(wasm: WasmKernels, dcols: Float32Array, g: ConvGeometry, dx: Float32Array): boolean {
  const { image, columns, padded } = sizes(g);
  if (columns < MIN_ELEMENTS || !begin(wasm, columns, image, padded)) return false;
  const oc = slot(wasm, dcols, columns);
  const ox = slot(wasm, dx, image);
  const op = padded > 0 ? space(padded) : 0;
  copyIn(wasm, dcols, columns, oc);
  copyIn(wasm, dx, image, ox);
  wasm.exports.col2im(
    oc, ox, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW,
    op,
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
