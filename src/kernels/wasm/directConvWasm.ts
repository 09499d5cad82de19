import type { ConvGeometry } from '../im2col';
import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot, space } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/directConv.ts behind the operand scheme of operands.ts: resident arrays are used in place,
 * others copied in and out; the zero-padded copy of the input lives in the operand area. Returns
 * false (doing nothing) for strides other than 1 and below MIN_ELEMENTS outputs, where the JS
 * reference runs instead.
 */

/** 16 elements (one alignment unit of 64 bytes) per extra operand folded into one begin() size. */
const SLACK = 16;

/** Element counts of one call's operands (set by count(); one object, reused). */
const size = { image: 0, weights: 0, outputs: 0, padded: 0 };

/** Fills `size` for this geometry; false when the wasm kernels do not take it (stride ≠ 1, or too few outputs). */
function count(g: ConvGeometry, outChannels: number): boolean {
  if (g.strideH !== 1 || g.strideW !== 1) return false;
  size.image = g.batch * g.channels * g.height * g.width;
  size.weights = outChannels * g.channels * g.kernelH * g.kernelW;
  size.outputs = g.batch * outChannels * g.outH * g.outW;
  size.padded = g.batch * g.channels * (g.outH + g.kernelH - 1) * (g.outW + g.kernelW - 1);
  return size.outputs >= MIN_ELEMENTS;
}

export function directConvForwardWasm(
  wasm: WasmKernels, x: Float32Array, w: Float32Array, bias: Float32Array | undefined, g: ConvGeometry,
  outChannels: number, y: Float32Array,
): boolean {
  if (!count(g, outChannels)) return false;
  const { image, weights, outputs, padded } = size;
  if (!begin(wasm, image + weights + outChannels + 3 * SLACK, outputs, padded)) return false;
  const ox = slot(wasm, x, image);
  const ow = slot(wasm, w, weights);
  const ob = bias ? slot(wasm, bias, outChannels) : 0;
  const oy = slot(wasm, y, outputs);
  const op = space(padded);
  copyIn(wasm, x, image, ox);
  copyIn(wasm, w, weights, ow);
  if (bias) copyIn(wasm, bias, outChannels, ob);
  wasm.exports.directConvForward(
    ox, ow, ob, bias ? 1 : 0, oy, op, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.padTop, g.padLeft,
    g.outH, g.outW, outChannels,
  );
  copyOut(wasm, oy, outputs, y);
  return true;
}

export function directConvFilterGradWasm(
  wasm: WasmKernels, x: Float32Array, dy: Float32Array, g: ConvGeometry, outChannels: number, dw: Float32Array,
): boolean {
  if (!count(g, outChannels)) return false;
  const { image, weights, outputs, padded } = size;
  if (!begin(wasm, image + weights + 2 * SLACK, outputs, padded)) return false;
  const ox = slot(wasm, x, image);
  const ow = slot(wasm, dw, weights);
  const od = slot(wasm, dy, outputs);
  const op = space(padded);
  copyIn(wasm, x, image, ox);
  copyIn(wasm, dw, weights, ow);
  copyIn(wasm, dy, outputs, od);
  wasm.exports.directConvFilterGrad(
    ox, od, ow, op, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.padTop, g.padLeft, g.outH, g.outW,
    outChannels,
  );
  copyOut(wasm, ow, weights, dw);
  return true;
}
