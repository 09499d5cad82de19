import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot, space } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * asm/norm.ts (BatchNorm's channel statistics, forward and backward) behind the operand scheme of
 * operands.ts: the [outer, channels, inner] float32 arrays are used in place when resident, else
 * copied; the per-channel float64 vectors (mean, variance, invStd) always go through the operand
 * area. Each returns false (doing nothing) below MIN_ELEMENTS values, where the JS reference runs.
 */

/** Cached float64 view of the whole wasm memory, renewed when the memory grows. */
let heap64: Float64Array | undefined;

function float64Heap(wasm: WasmKernels): Float64Array {
  const buffer = wasm.heap.buffer;
  if (!heap64 || heap64.buffer !== buffer) heap64 = new Float64Array(buffer, 0, buffer.byteLength >> 3);
  return heap64;
}

/** Float32 elements the operand area needs for k per-channel vectors of `channels` float64 values. */
function vectorRoom(channels: number, k: number): number {
  return k * (2 * channels + 16);
}

function putFloat64(wasm: WasmKernels, src: Float64Array, channels: number): number {
  const at = space(2 * channels);
  const h = float64Heap(wasm);
  const base = at >> 3;
  for (let c = 0; c < channels; c++) h[base + c] = src[c] as number;
  return at;
}

function getFloat64(wasm: WasmKernels, at: number, channels: number, dst: Float64Array): void {
  const h = float64Heap(wasm);
  const base = at >> 3;
  for (let c = 0; c < channels; c++) dst[c] = h[base + c] as number;
}

export function channelMeanVarianceWasm(
  wasm: WasmKernels, x: Float32Array, outer: number, channels: number, inner: number, mean: Float64Array, variance: Float64Array,
): boolean {
  const n = outer * channels * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, vectorRoom(channels, 2))) return false;
  const ox = slot(wasm, x, n);
  const om = space(2 * channels);
  const ov = space(2 * channels);
  copyIn(wasm, x, n, ox);
  wasm.exports.channelMeanVariance(ox, outer, channels, inner, om, ov);
  getFloat64(wasm, om, channels, mean);
  getFloat64(wasm, ov, channels, variance);
  return true;
}

export function batchNormForwardWasm(
  wasm: WasmKernels, x: Float32Array, outer: number, channels: number, inner: number, mean: Float64Array, invStd: Float64Array,
  gamma: Float32Array, beta: Float32Array, xhat: Float32Array, y: Float32Array,
): boolean {
  const n = outer * channels * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n + vectorRoom(channels, 4))) return false;
  const ox = slot(wasm, x, n);
  const oh = slot(wasm, xhat, n);
  const oy = slot(wasm, y, n);
  const og = slot(wasm, gamma, channels);
  const ob = slot(wasm, beta, channels);
  const om = putFloat64(wasm, mean, channels);
  const or = putFloat64(wasm, invStd, channels);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, gamma, channels, og);
  copyIn(wasm, beta, channels, ob);
  wasm.exports.batchNormForward(ox, outer, channels, inner, om, or, og, ob, oh, oy);
  copyOut(wasm, oh, n, xhat);
  copyOut(wasm, oy, n, y);
  return true;
}

export function batchNormBackwardWasm(
  wasm: WasmKernels, dy: Float32Array, xhat: Float32Array, outer: number, channels: number, inner: number, gamma: Float32Array,
  invStd: Float64Array, batchStatistics: boolean, dx: Float32Array, gammaGrad: Float32Array, betaGrad: Float32Array,
): boolean {
  const n = outer * channels * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n + vectorRoom(channels, 4))) return false;
  const od = slot(wasm, dy, n);
  const oh = slot(wasm, xhat, n);
  const ox = slot(wasm, dx, n);
  const og = slot(wasm, gamma, channels);
  const ogg = slot(wasm, gammaGrad, channels);
  const obg = slot(wasm, betaGrad, channels);
  const or = putFloat64(wasm, invStd, channels);
  copyIn(wasm, dy, n, od);
  copyIn(wasm, xhat, n, oh);
  copyIn(wasm, gamma, channels, og);
  copyIn(wasm, gammaGrad, channels, ogg);
  copyIn(wasm, betaGrad, channels, obg);
  wasm.exports.batchNormBackward(od, oh, outer, channels, inner, og, or, batchStatistics ? 1 : 0, ox, ogg, obg);
  copyOut(wasm, ox, n, dx);
  copyOut(wasm, ogg, channels, gammaGrad);
  copyOut(wasm, obg, channels, betaGrad);
  return true;
}

export function addChannelBiasWasm(
  wasm: WasmKernels, x: Float32Array, bias: Float32Array, outer: number, channels: number, inner: number,
): boolean {
  const n = outer * channels * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, channels)) return false;
  const ox = slot(wasm, x, n);
  const ob = slot(wasm, bias, channels);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, bias, channels, ob);
  wasm.exports.addChannelBias(ox, ob, outer, channels, inner);
  copyOut(wasm, ox, n, x);
  return true;
}

export function sumChannelsWasm(
  wasm: WasmKernels, x: Float32Array, outer: number, channels: number, inner: number, out: Float32Array,
): boolean {
  const n = outer * channels * inner;
  if (n < MIN_ELEMENTS || !begin(wasm, n, channels)) return false;
  const ox = slot(wasm, x, n);
  const oo = slot(wasm, out, channels);
  copyIn(wasm, x, n, ox);
  copyIn(wasm, out, channels, oo);
  wasm.exports.sumChannels(ox, outer, channels, inner, oo);
  copyOut(wasm, oo, channels, out);
  return true;
}
