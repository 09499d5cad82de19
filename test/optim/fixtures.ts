import type { Param } from '../../src/layers/Layer';
import type { Optimizer } from '../../src/optim/Optimizer';
import { Tensor } from '../../src/tensor/Tensor';

/** Starting values and a gradient per step: varied signs and sizes, zero included. */
export const THETA0 = [0.5, -1.2, 2, 0];
export function gradientAt(step: number): number[] {
  return [0.3 - 0.1 * step, -0.8 + 0.25 * step, 0.05 * (step + 1), step % 2 === 0 ? 1.5 : -0.7];
}

/** A float64 parameter with the given values and a zero gradient. */
export function makeParam(values: number[] = THETA0, name = 'weight'): Param {
  return { name, value: Tensor.from(values, undefined, 'float64'), grad: Tensor.zeros([values.length], 'float64') };
}

/** Sets param.grad to the gradient of `step`. */
export function setGrad(param: Param, step: number): void {
  param.grad.data.set(gradientAt(step));
}

export function expectAllClose(actual: ArrayLike<number>, expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
  decoupled: boolean;
}

/**
 * torch.optim.Adam / AdamW re-derived on plain numbers, t = 1, 2, …:
 * AdamW: θ ← θ(1 − lr·wd); Adam: g ← g + wd·θ; m, v moving averages;
 * θ ← θ − lr · m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
export function adamReference(steps: number, s: AdamSettings): number[] {
  const theta = [...THETA0];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const grad = gradientAt(t - 1);
    for (let i = 0; i < theta.length; i++) {
      let p = theta[i] as number;
      let g = grad[i] as number;
      if (s.decoupled) p = p * (1 - s.lr * s.wd);
      else g = g + s.wd * p;
      m[i] = s.beta1 * (m[i] as number) + (1 - s.beta1) * g;
      v[i] = s.beta2 * (v[i] as number) + (1 - s.beta2) * g * g;
      const mHat = (m[i] as number) / (1 - s.beta1 ** t);
      const vHat = (v[i] as number) / (1 - s.beta2 ** t);
      theta[i] = p - (s.lr * mHat) / (Math.sqrt(vHat) + s.eps);
    }
  }
  return theta;
}

export function runSteps(optimizer: Optimizer, steps: number): Float64Array | Float32Array {
  const param = makeParam();
  for (let t = 0; t < steps; t++) {
    setGrad(param, t);
    optimizer.step([param]);
  }
  return param.value.data;
}

export const ADAM_DEFAULTS = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
