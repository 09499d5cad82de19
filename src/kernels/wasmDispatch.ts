import type { FloatArray } from '../tensor/Tensor';
import { reluBackward as reluBackwardJs, reluForward as reluForwardJs } from './activations';
import { backendState } from './backend';
import {
  adagradUpdate as adagradUpdateJs, adamScalars, adamUpdate as adamUpdateJs, biasCorrectedStep, adamaxUpdate as adamaxUpdateJs,
  rmspropUpdate as rmspropUpdateJs, sgdUpdate as sgdUpdateJs,
} from './optim';
import { addRowVector as addRowVectorJs, sumRows as sumRowsJs } from './rows';
import {
  addRowVectorWasm, reluBackwardWasm, reluForwardWasm, sumRowsWasm,
} from './wasm/elementwiseWasm';
import { adagradUpdateWasm, adamUpdateWasm, adamaxUpdateWasm, rmspropUpdateWasm, sgdUpdateWasm } from './wasm/optimWasm';
import type { WasmKernels } from './wasm/WasmKernels';
import { col2im as col2imJs, im2col as im2colJs, swapLeadingAxes as swapLeadingAxesJs, type ConvGeometry } from './im2col';
import { col2imWasm, im2colWasm, swapLeadingAxesWasm } from './wasm/convWasm';
import {
  directConvApplies, directConvFilterGrad as directConvFilterGradJs, directConvForward as directConvForwardJs,
} from './directConv';
import { directConvFilterGradWasm, directConvForwardWasm } from './wasm/directConvWasm';
import { maxPoolBackward as maxPoolBackwardJs, maxPoolForward as maxPoolForwardJs, type PoolGeometry } from './pool';
import { maxPoolBackwardWasm, maxPoolForwardWasm } from './wasm/poolWasm';
import {
  addChannelBias as addChannelBiasJs, batchNormBackward as batchNormBackwardJs, batchNormForward as batchNormForwardJs,
  channelMeanVariance as channelMeanVarianceJs, sumChannels as sumChannelsJs,
} from './norm';
import {
  addChannelBiasWasm, batchNormBackwardWasm, batchNormForwardWasm, channelMeanVarianceWasm, sumChannelsWasm,
} from './wasm/normWasm';
import { gruCellForward as gruCellForwardJs, lstmCellForward as lstmCellForwardJs } from './recurrent';
import { gruCellForwardWasm, lstmCellForwardWasm } from './wasm/recurrentWasm';

/*
 * The kernels a training step spends its non-GEMM time in, routed to the wasm backend when it is
 * selected and every array is float32 (and the array is large enough to pay for the copies);
 * otherwise, and always for float64, the reference kernels run. Same names and signatures as the
 * references, which index.ts re-exports these in place of; results are bit-identical.
 */

function wasmKernels(): WasmKernels | undefined {
  const s = backendState();
  return s.backend === 'wasm' ? s.wasm : undefined;
}

/**
 * x.fill(0); a live resident array (see resident.ts) is zeroed by the wasm module, as a fill on
 * its shared buffer from JS is several times slower than on a plain one.
 */
export function zeroFill(x: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array) {
    const at = wasm.residentAddress(x);
    if (at >= 0) {
      wasm.exports.zeroFill(at, x.length);
      return;
    }
  }
  x.fill(0);
}

/** im2col (see im2col.ts); bit-identical on wasm. */
export function im2col(x: FloatArray, g: ConvGeometry, cols: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && cols instanceof Float32Array && im2colWasm(wasm, x, g, cols)) return;
  im2colJs(x, g, cols);
}

/** col2im (see im2col.ts); bit-identical on wasm. */
export function col2im(dcols: FloatArray, g: ConvGeometry, dx: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && dcols instanceof Float32Array && dx instanceof Float32Array && col2imWasm(wasm, dcols, g, dx)) return;
  col2imJs(dcols, g, dx);
}

/** swapLeadingAxes (see im2col.ts); bit-identical on wasm. */
export function swapLeadingAxes(x: FloatArray, rows: number, cols: number, inner: number, out: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && out instanceof Float32Array && swapLeadingAxesWasm(wasm, x, rows, cols, inner, out)) return;
  swapLeadingAxesJs(x, rows, cols, inner, out);
}

/**
 * The largest channels·kh·kw (the gemm's inner dimension) for which the direct kernel beats
 * im2col + gemm on wasm, measured on the digits CNN's layers (README, Performance).
 */
export const DIRECT_CONV_MAX_TAPS = 9;

/**
 * Whether Conv2D should run its forward pass as directConvForward instead of im2col + gemm: on the
 * wasm backend, float32, stride 1 and at most DIRECT_CONV_MAX_TAPS products per output.
 */
export function directConvPreferred(g: ConvGeometry, dtype: string): boolean {
  return wasmKernels() !== undefined && dtype === 'float32' && directConvApplies(g) &&
    g.channels * g.kernelH * g.kernelW <= DIRECT_CONV_MAX_TAPS;
}

/** directConvForward (see directConv.ts); bit-identical on wasm. */
export function directConvForward(
  x: FloatArray, w: FloatArray, bias: FloatArray | undefined, g: ConvGeometry, outChannels: number, y: FloatArray,
): void {
  const wasm = wasmKernels();
  if (
    wasm && x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array &&
    (bias === undefined || bias instanceof Float32Array) && directConvForwardWasm(wasm, x, w, bias, g, outChannels, y)
  ) return;
  directConvForwardJs(x, w, bias, g, outChannels, y);
}

/** directConvFilterGrad (see directConv.ts); bit-identical on wasm. */
export function directConvFilterGrad(x: FloatArray, dy: FloatArray, g: ConvGeometry, outChannels: number, dw: FloatArray): void {
  const wasm = wasmKernels();
  if (
    wasm && x instanceof Float32Array && dy instanceof Float32Array && dw instanceof Float32Array &&
    directConvFilterGradWasm(wasm, x, dy, g, outChannels, dw)
  ) return;
  directConvFilterGradJs(x, dy, g, outChannels, dw);
}

/** maxPoolForward (see pool.ts); y and argmax identical on wasm. */
export function maxPoolForward(x: FloatArray, g: PoolGeometry, y: FloatArray, argmax: Int32Array): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && y instanceof Float32Array && maxPoolForwardWasm(wasm, x, g, y, argmax)) return;
  maxPoolForwardJs(x, g, y, argmax);
}

/** maxPoolBackward (see pool.ts): dx[argmax[o]] += dy[o] in the same order, so dx is identical on wasm. */
export function maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && dy instanceof Float32Array && dx instanceof Float32Array && maxPoolBackwardWasm(wasm, dy, argmax, dx)) return;
  maxPoolBackwardJs(dy, argmax, dx);
}

export function reluForward(x: FloatArray, y: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && y instanceof Float32Array && reluForwardWasm(wasm, x, y)) return;
  reluForwardJs(x, y);
}

export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  const wasm = wasmKernels();
  if (
    wasm && x instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array &&
    reluBackwardWasm(wasm, x, dy, dx)
  ) {
    return;
  }
  reluBackwardJs(x, dy, dx);
}

export function addRowVector(x: FloatArray, v: FloatArray, rows: number, cols: number): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && v instanceof Float32Array && addRowVectorWasm(wasm, x, v, rows, cols)) return;
  addRowVectorJs(x, v, rows, cols);
}

export function sumRows(x: FloatArray, rows: number, cols: number, out: FloatArray, beta = 0): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && out instanceof Float32Array && sumRowsWasm(wasm, x, rows, cols, out, beta)) return;
  sumRowsJs(x, rows, cols, out, beta);
}

export function sgdUpdate(
  theta: FloatArray, grad: FloatArray, buf: FloatArray | undefined, firstStep: boolean,
  lr: number, momentum: number, nesterov: boolean, weightDecay: number,
): void {
  const wasm = wasmKernels();
  if (
    wasm && theta instanceof Float32Array && grad instanceof Float32Array &&
    (buf === undefined || buf instanceof Float32Array) &&
    sgdUpdateWasm(wasm, theta, grad, buf, firstStep, lr, momentum, nesterov, weightDecay)
  ) {
    return;
  }
  sgdUpdateJs(theta, grad, buf, firstStep, lr, momentum, nesterov, weightDecay);
}

/** adamUpdate (see optim.ts); θ, m and v bit-identical on wasm. */
export function adamUpdate(
  theta: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, step: number, lr: number, beta1: number,
  beta2: number, eps: number, weightDecay: number, decoupled: boolean,
): void {
  const wasm = wasmKernels();
  if (wasm && theta instanceof Float32Array && grad instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) {
    const s = adamScalars(step, lr, beta1, beta2, weightDecay, decoupled);
    if (adamUpdateWasm(wasm, theta, grad, m, v, s.stepSize, s.bias2Sqrt, beta1, beta2, eps, s.decay, s.coupled)) return;
  }
  adamUpdateJs(theta, grad, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupled);
}

/** rmspropUpdate (see optim.ts); θ and the state bit-identical on wasm. */
export function rmspropUpdate(
  theta: FloatArray, grad: FloatArray, squareAvg: FloatArray, buf: FloatArray | undefined, lr: number, alpha: number,
  eps: number, momentum: number,
): void {
  const wasm = wasmKernels();
  if (
    wasm && theta instanceof Float32Array && grad instanceof Float32Array && squareAvg instanceof Float32Array &&
    (buf === undefined || buf instanceof Float32Array) &&
    rmspropUpdateWasm(wasm, theta, grad, squareAvg, buf, lr, alpha, eps, momentum)
  ) {
    return;
  }
  rmspropUpdateJs(theta, grad, squareAvg, buf, lr, alpha, eps, momentum);
}

/** adagradUpdate (see optim.ts); θ and the sums bit-identical on wasm. */
export function adagradUpdate(theta: FloatArray, grad: FloatArray, sum: FloatArray, lr: number, eps: number): void {
  const wasm = wasmKernels();
  if (
    wasm && theta instanceof Float32Array && grad instanceof Float32Array && sum instanceof Float32Array &&
    adagradUpdateWasm(wasm, theta, grad, sum, lr, eps)
  ) {
    return;
  }
  adagradUpdateJs(theta, grad, sum, lr, eps);
}

/** adamaxUpdate (see optim.ts); θ and the state bit-identical on wasm. */
export function adamaxUpdate(
  theta: FloatArray, grad: FloatArray, m: FloatArray, u: FloatArray, step: number, lr: number, beta1: number,
  beta2: number, eps: number, weightDecay: number,
): void {
  const wasm = wasmKernels();
  if (
    wasm && theta instanceof Float32Array && grad instanceof Float32Array && m instanceof Float32Array && u instanceof Float32Array &&
    adamaxUpdateWasm(wasm, theta, grad, m, u, biasCorrectedStep(step, lr, beta1), beta1, beta2, eps, weightDecay)
  ) {
    return;
  }
  adamaxUpdateJs(theta, grad, m, u, step, lr, beta1, beta2, eps, weightDecay);
}

/** The LSTM cell (see recurrent.ts); on wasm within a few f32 ulp of the reference, not bit-identical. */
export function lstmCellForward(
  gates: FloatArray, cPrev: FloatArray, c: FloatArray, tc: FloatArray, h: FloatArray, batch: number, hidden: number,
): void {
  const wasm = wasmKernels();
  if (
    wasm && gates instanceof Float32Array && cPrev instanceof Float32Array && c instanceof Float32Array &&
    tc instanceof Float32Array && h instanceof Float32Array && lstmCellForwardWasm(wasm, gates, cPrev, c, tc, h, batch, hidden)
  ) {
    return;
  }
  lstmCellForwardJs(gates, cPrev, c, tc, h, batch, hidden);
}

/** The GRU cell, reset after (see recurrent.ts); on wasm within a few f32 ulp of the reference. */
export function gruCellForward(xp: FloatArray, hp: FloatArray, hPrev: FloatArray, h: FloatArray, batch: number, hidden: number): void {
  const wasm = wasmKernels();
  if (
    wasm && xp instanceof Float32Array && hp instanceof Float32Array && hPrev instanceof Float32Array &&
    h instanceof Float32Array && gruCellForwardWasm(wasm, xp, hp, hPrev, h, batch, hidden)
  ) {
    return;
  }
  gruCellForwardJs(xp, hp, hPrev, h, batch, hidden);
}

/** channelMeanVariance (see norm.ts); mean and variance identical on wasm (float32 x, float64 statistics). */
export function channelMeanVariance(
  x: FloatArray, outer: number, channels: number, inner: number, mean: FloatArray, variance: FloatArray,
): void {
  const wasm = wasmKernels();
  if (
    wasm && x instanceof Float32Array && mean instanceof Float64Array && variance instanceof Float64Array &&
    channelMeanVarianceWasm(wasm, x, outer, channels, inner, mean, variance)
  ) return;
  channelMeanVarianceJs(x, outer, channels, inner, mean, variance);
}

/** batchNormForward (see norm.ts); x̂ and y identical on wasm. */
export function batchNormForward(
  x: FloatArray, outer: number, channels: number, inner: number, mean: FloatArray, invStd: FloatArray, gamma: FloatArray,
  beta: FloatArray, xhat: FloatArray, y: FloatArray,
): void {
  const wasm = wasmKernels();
  if (
    wasm && x instanceof Float32Array && mean instanceof Float64Array && invStd instanceof Float64Array &&
    gamma instanceof Float32Array && beta instanceof Float32Array && xhat instanceof Float32Array && y instanceof Float32Array &&
    batchNormForwardWasm(wasm, x, outer, channels, inner, mean, invStd, gamma, beta, xhat, y)
  ) return;
  batchNormForwardJs(x, outer, channels, inner, mean, invStd, gamma, beta, xhat, y);
}

/** batchNormBackward (see norm.ts); dx and the parameter gradients identical on wasm. */
export function batchNormBackward(
  dy: FloatArray, xhat: FloatArray, outer: number, channels: number, inner: number, gamma: FloatArray, invStd: FloatArray,
  batchStatistics: boolean, dx: FloatArray, gammaGrad: FloatArray, betaGrad: FloatArray,
): void {
  const wasm = wasmKernels();
  if (
    wasm && dy instanceof Float32Array && xhat instanceof Float32Array && gamma instanceof Float32Array &&
    invStd instanceof Float64Array && dx instanceof Float32Array && gammaGrad instanceof Float32Array &&
    betaGrad instanceof Float32Array &&
    batchNormBackwardWasm(wasm, dy, xhat, outer, channels, inner, gamma, invStd, batchStatistics, dx, gammaGrad, betaGrad)
  ) return;
  batchNormBackwardJs(dy, xhat, outer, channels, inner, gamma, invStd, batchStatistics, dx, gammaGrad, betaGrad);
}

/** addChannelBias (see norm.ts); identical on wasm. */
export function addChannelBias(x: FloatArray, bias: FloatArray, outer: number, channels: number, inner: number): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && bias instanceof Float32Array && addChannelBiasWasm(wasm, x, bias, outer, channels, inner)) return;
  addChannelBiasJs(x, bias, outer, channels, inner);
}

/** sumChannels (see norm.ts); identical on wasm. */
export function sumChannels(x: FloatArray, outer: number, channels: number, inner: number, out: FloatArray): void {
  const wasm = wasmKernels();
  if (wasm && x instanceof Float32Array && out instanceof Float32Array && sumChannelsWasm(wasm, x, outer, channels, inner, out)) return;
  sumChannelsJs(x, outer, channels, inner, out);
}
