import type { FloatArray } from '../tensor/Tensor';

/*
 * Optimizer update kernels, in place on a parameter θ from its gradient g and its state buffers.
 * Each follows torch.optim's single-tensor ("for-loop") implementation line by line, so the same
 * settings give the same numbers; the formulas are repeated in the optimizer classes' doc comments.
 */

/**
 * SGD (dampening 0):  g' = g + wd·θ;  with momentum μ: buf = g' on the first step, else
 * buf = μ·buf + g';  d = nesterov ? g' + μ·buf : buf (d = g' without momentum);  θ −= lr·d.
 * `buf` is ignored when momentum is 0.
 */
export function sgdUpdate(
  theta: FloatArray,
  grad: FloatArray,
  buf: FloatArray | undefined,
  firstStep: boolean,
  lr: number,
  momentum: number,
  nesterov: boolean,
  weightDecay: number,
): void {
  for (let i = 0; i < theta.length; i++) {
    const p = theta[i] as number;
    let g = (grad[i] as number) + weightDecay * p;
    if (buf !== undefined && momentum !== 0) {
      const b = firstStep ? g : momentum * (buf[i] as number) + g;
      buf[i] = b;
      g = nesterov ? g + momentum * b : b;
    }
    theta[i] = p - lr * g;
  }
}

/** The per-step constants of an Adam update (see adamUpdate); one object, overwritten by each call. */
export interface AdamScalars {
  /** lr / (1 − β₁ᵗ) */
  stepSize: number;
  /** √(1 − β₂ᵗ) */
  bias2Sqrt: number;
  /** 1 − lr·wd for AdamW, 1 for Adam */
  decay: number;
  /** wd for Adam (added to the gradient), 0 for AdamW */
  coupled: number;
}
const scalars: AdamScalars = { stepSize: 0, bias2Sqrt: 0, decay: 0, coupled: 0 };

/** The constants of step t (shared by the reference and the wasm kernel, so both use the same doubles). */
export function adamScalars(step: number, lr: number, beta1: number, beta2: number, weightDecay: number, decoupled: boolean): AdamScalars {
  scalars.stepSize = biasCorrectedStep(step, lr, beta1);
  scalars.bias2Sqrt = Math.sqrt(1 - beta2 ** step);
  scalars.decay = decoupled ? 1 - lr * weightDecay : 1;
  scalars.coupled = decoupled ? 0 : weightDecay;
  return scalars;
}

/**
 * Adam / AdamW, step t ≥ 1:
 *   AdamW: θ ← θ·(1 − lr·wd);  Adam: g ← g + wd·θ
 *   m = β₁m + (1 − β₁)g,  v = β₂v + (1 − β₂)g²
 *   θ −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 */
export function adamUpdate(
  theta: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  step: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  decoupled: boolean,
): void {
  const { stepSize, bias2Sqrt, decay, coupled } = adamScalars(step, lr, beta1, beta2, weightDecay, decoupled);
  for (let i = 0; i < theta.length; i++) {
    const p = (theta[i] as number) * decay;
    const g = (grad[i] as number) + coupled * p;
    const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
    const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    theta[i] = p - (stepSize * mi) / (Math.sqrt(vi) / bias2Sqrt + eps);
  }
}

/**
 * RMSprop (not centered):  s = αs + (1 − α)g²,  a = √s + ε;
 * with momentum μ: buf = μ·buf + g/a (buf starts at 0), θ −= lr·buf;  else θ −= lr·g/a.
 */
export function rmspropUpdate(
  theta: FloatArray,
  grad: FloatArray,
  squareAvg: FloatArray,
  buf: FloatArray | undefined,
  lr: number,
  alpha: number,
  eps: number,
  momentum: number,
): void {
  for (let i = 0; i < theta.length; i++) {
    const g = grad[i] as number;
    const s = alpha * (squareAvg[i] as number) + (1 - alpha) * g * g;
    squareAvg[i] = s;
    const scaled = g / (Math.sqrt(s) + eps);
    if (buf !== undefined && momentum > 0) {
      const b = momentum * (buf[i] as number) + scaled;
      buf[i] = b;
      theta[i]! -= lr * b;
    } else {
      theta[i]! -= lr * scaled;
    }
  }
}

/** Adagrad (no lr decay):  sum += g²,  θ −= lr · g / (√sum + ε). */
export function adagradUpdate(theta: FloatArray, grad: FloatArray, sum: FloatArray, lr: number, eps: number): void {
  for (let i = 0; i < theta.length; i++) {
    const g = grad[i] as number;
    const s = (sum[i] as number) + g * g;
    sum[i] = s;
    theta[i]! -= (lr * g) / (Math.sqrt(s) + eps);
  }
}

/**
 * Adamax (torch.optim.Adamax), step t = 1, 2, …:  g = g + wd·θ,  m = β₁m + (1 − β₁)g,
 * u = max(β₂u, |g| + ε),  θ −= lr/(1 − β₁ᵗ) · m/u.
 */
export function adamaxUpdate(
  theta: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  u: FloatArray,
  step: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
): void {
  const stepSize = biasCorrectedStep(step, lr, beta1);
  for (let i = 0; i < theta.length; i++) {
    const p = theta[i] as number;
    const g = (grad[i] as number) + weightDecay * p;
    const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
    const decayed = beta2 * (u[i] as number);
    const fresh = Math.abs(g) + eps;
    // max(decayed, fresh), passing a NaN operand on as it is (Math.max would return the engine's own
    // NaN, whose sign bit differs between JS and wasm); the values are ≥ +0, so ±0 cannot tie.
    const ui = decayed > fresh || decayed !== decayed ? decayed : fresh;
    m[i] = mi;
    u[i] = ui;
    theta[i] = p - (stepSize * mi) / ui;
  }
}

/** lr / (1 − β₁ᵗ): the step size of Adam and Adamax after the first moment's bias correction. */
export function biasCorrectedStep(step: number, lr: number, beta1: number): number {
  return lr / (1 - beta1 ** step);
}
