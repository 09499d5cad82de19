import { MIN_ELEMENTS } from './elementwiseWasm';
import { begin, copyIn, copyOut, slot } from './operands';
import type { WasmKernels } from './WasmKernels';

/*
 * The optimizer updates of asm/optim.ts behind the operand scheme of operands.ts: θ, its gradient
 * and the state buffers are used in place when resident (inside fit, see kernels/resident.ts),
 * else copied in and the updated ones copied back. Each returns false (doing nothing) below
 * MIN_ELEMENTS, where the caller runs the reference in src/kernels/optim.ts instead.
 */

/** Addresses of the current update's operands (0 for an absent state buffer), set by place(). */
const at = { theta: 0, grad: 0, s1: 0, s2: 0 };

/**
 * Places θ, its gradient and up to two state buffers (undefined = absent) for one update call;
 * `fresh1` skips copying s1 in (a buffer the kernel writes before reading, e.g. SGD's first
 * momentum step). False below MIN_ELEMENTS or without room.
 */
function place(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, s1: Float32Array | undefined, s2: Float32Array | undefined,
  fresh1 = false,
): boolean {
  const n = theta.length;
  if (n < MIN_ELEMENTS || !begin(wasm, n, n, s1 ? n : 0, s2 ? n : 0)) return false;
  at.theta = slot(wasm, theta, n);
  at.grad = slot(wasm, grad, n);
  at.s1 = s1 ? slot(wasm, s1, n) : 0;
  at.s2 = s2 ? slot(wasm, s2, n) : 0;
  copyIn(wasm, theta, n, at.theta);
  copyIn(wasm, grad, n, at.grad);
  if (s1 && !fresh1) copyIn(wasm, s1, n, at.s1);
  if (s2) copyIn(wasm, s2, n, at.s2);
  return true;
}

/** Copies θ and the state buffers back out after the update (the gradient is only read). */
function putBack(wasm: WasmKernels, theta: Float32Array, s1: Float32Array | undefined, s2: Float32Array | undefined): true {
  const n = theta.length;
  copyOut(wasm, at.theta, n, theta);
  if (s1) copyOut(wasm, at.s1, n, s1);
  if (s2) copyOut(wasm, at.s2, n, s2);
  return true;
}

export function sgdUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, buf: Float32Array | undefined, firstStep: boolean,
  lr: number, momentum: number, nesterov: boolean, weightDecay: number,
): boolean {
  const b = momentum !== 0 ? buf : undefined;
  if (!place(wasm, theta, grad, b, undefined, firstStep)) return false;
  wasm.exports.sgdUpdate(at.theta, at.grad, at.s1, theta.length, firstStep ? 1 : 0, lr, momentum, nesterov ? 1 : 0, weightDecay);
  return putBack(wasm, theta, b, undefined);
}

export function adamUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array,
  stepSize: number, bias2Sqrt: number, beta1: number, beta2: number, eps: number, decay: number, coupled: number,
): boolean {
  if (!place(wasm, theta, grad, m, v)) return false;
  wasm.exports.adamUpdate(at.theta, at.grad, at.s1, at.s2, theta.length, stepSize, bias2Sqrt, beta1, beta2, eps, decay, coupled);
  return putBack(wasm, theta, m, v);
}

export function rmspropUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, squareAvg: Float32Array, buf: Float32Array | undefined,
  lr: number, alpha: number, eps: number, momentum: number,
): boolean {
  const b = momentum > 0 ? buf : undefined;
  if (!place(wasm, theta, grad, squareAvg, b)) return false;
  wasm.exports.rmspropUpdate(at.theta, at.grad, at.s1, at.s2, theta.length, lr, alpha, eps, momentum);
  return putBack(wasm, theta, squareAvg, b);
}

export function adagradUpdateWasm(wasm: WasmKernels, theta: Float32Array, grad: Float32Array, sum: Float32Array, lr: number, eps: number): boolean {
  if (!place(wasm, theta, grad, sum, undefined)) return false;
  wasm.exports.adagradUpdate(at.theta, at.grad, at.s1, theta.length, lr, eps);
  return putBack(wasm, theta, sum, undefined);
}

export function adamaxUpdateWasm(
  wasm: WasmKernels, theta: Float32Array, grad: Float32Array, m: Float32Array, u: Float32Array,
  stepSize: number, beta1: number, beta2: number, eps: number, weightDecay: number,
): boolean {
  if (!place(wasm, theta, grad, m, u)) return false;
  wasm.exports.adamaxUpdate(at.theta, at.grad, at.s1, at.s2, theta.length, stepSize, beta1, beta2, eps, weightDecay);
  return putBack(wasm, theta, m, u);
}
