import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * The optimizer updates of asm/optim.ts behind the operand scheme of operands.ts: θ, its gradient
 * and the state buffers are used in place when resident (inside fit, see kernels/resident.ts),
 * else copied in and the updated ones copied back. Each returns false (doing nothing) below
 * MIN_ELEMENTS, where the caller runs the reference in src/kernels/optim.ts instead.
 */

export function sgdUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, buf: Float32Array | undefined, firstStep: boolean,
  lr: number, momentum: number, nesterov: boolean, weightDecay: number,
): boolean {
  const n = theta.length;
  const useBuf = buf !== undefined && momentum !== 0;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, useBuf ? n : 0)) return false;
  const ot = slot(wasm, theta, n);
  const og = slot(wasm, grad, n);
  const ob = useBuf ? slot(wasm, buf, n) : 0;
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  if (useBuf && !firstStep) copyIn(wasm, buf, n, ob);
  wasm.exports.sgdUpdate(ot, og, ob, n, firstStep ? 1 : 0, lr, momentum, nesterov ? 1 : 0, weightDecay);
  copyOut(wasm, ot, n, theta);
  if (useBuf) copyOut(wasm, ob, n, buf);
  return true;
}

export function adamUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array,
  stepSize: number, bias2Sqrt: number, beta1: number, beta2: number, eps: number, decay: number, coupled: number,
): boolean {
  const n = theta.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n, n)) return false;
  const ot = slot(wasm, theta, n);
  const og = slot(wasm, grad, n);
  const om = slot(wasm, m, n);
  const ov = slot(wasm, v, n);
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  copyIn(wasm, m, n, om);
  copyIn(wasm, v, n, ov);
  wasm.exports.adamUpdate(ot, og, om, ov, n, stepSize, bias2Sqrt, beta1, beta2, eps, decay, coupled);
  copyOut(wasm, ot, n, theta);
  copyOut(wasm, om, n, m);
  copyOut(wasm, ov, n, v);
  return true;
}

export function rmspropUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, squareAvg: Float32Array, buf: Float32Array | undefined,
  lr: number, alpha: number, eps: number, momentum: number,
): boolean {
  const n = theta.length;
  const useBuf = buf !== undefined && momentum > 0;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n, useBuf ? n : 0)) return false;
  const ot = slot(wasm, theta, n);
  const og = slot(wasm, grad, n);
  const os = slot(wasm, squareAvg, n);
  const ob = useBuf ? slot(wasm, buf, n) : 0;
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  copyIn(wasm, squareAvg, n, os);
  if (useBuf) copyIn(wasm, buf, n, ob);
  wasm.exports.rmspropUpdate(ot, og, os, ob, n, lr, alpha, eps, momentum);
  copyOut(wasm, ot, n, theta);
  copyOut(wasm, os, n, squareAvg);
  if (useBuf) copyOut(wasm, ob, n, buf);
  return true;
}

export function adagradUpdateWasm(wasm: WasmKernels, theta: Float32Array, grad: Float32Array, sum: Float32Array, lr: number, eps: number): boolean {
  const n = theta.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n)) return false;
  const ot = slot(wasm, theta, n);
  const og = slot(wasm, grad, n);
  const os = slot(wasm, sum, n);
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  copyIn(wasm, sum, n, os);
  wasm.exports.adagradUpdate(ot, og, os, n, lr, eps);
  copyOut(wasm, ot, n, theta);
  copyOut(wasm, os, n, sum);
  return true;
}

export function adamaxUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, m: Float32Array, u: Float32Array,
  stepSize: number, beta1: number, beta2: number, eps: number, weightDecay: number,
): boolean {
  const n = theta.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, n, n)) return false;
  const ot = slot(wasm, theta, n);
  const og = slot(wasm, grad, n);
  const om = slot(wasm, m, n);
  const ou = slot(wasm, u, n);
  copyIn(wasm, theta, n, ot);
  copyIn(wasm, grad, n, og);
  copyIn(wasm, m, n, om);
  copyIn(wasm, u, n, ou);
  wasm.exports.adamaxUpdate(ot, og, om, ou, n, stepSize, beta1, beta2, eps, weightDecay);
  copyOut(wasm, ot, n, theta);
  copyOut(wasm, om, n, m);
  copyOut(wasm, ou, n, u);
  return true;
}
