import { Var } from '../../src/autograd/Var';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

/**
 * Central-difference gradient check of a function of Vars, in float64: L = Σ f(x₁…xₙ) ⊙ r with a
 * fixed random r; backward gives ∂L/∂xᵢ, compared with (L(xᵢ+ε) − L(xᵢ−ε))/2ε per entry. Returns
 * the relative error per input (‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-3)).
 */
export function varGradErrors(fn: (...inputs: Var[]) => Var, inputs: readonly Tensor[], eps = 1e-6, seed = 7): number[] {
  const values = inputs.map((t) => t.astype('float64'));
  const leaves = values.map((t) => new Var(t, { requiresGrad: true }));
  const y = fn(...leaves);
  const r = Tensor.uniform(y.shape, -1, 1, createRng(seed), 'float64');
  y.backward(r);
  const objective = (): number => {
    const out = fn(...values.map((t) => new Var(t))).value;
    let total = 0;
    for (let i = 0; i < out.size; i++) total += (out.data[i] as number) * (r.data[i] as number);
    return total;
  };
  return values.map((t, k) => {
    const analytic = leaves[k]!.grad ?? Tensor.zeros(t.shape, 'float64');
    let diff = 0;
    let a2 = 0;
    let n2 = 0;
    for (let i = 0; i < t.size; i++) {
      const original = t.data[i] as number;
      t.data[i] = original + eps;
      const plus = objective();
      t.data[i] = original - eps;
      const minus = objective();
      t.data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic.data[i] as number;
      diff += (a - numeric) ** 2;
      a2 += a * a;
      n2 += numeric * numeric;
    }
    const error = Math.sqrt(diff) / Math.max(Math.sqrt(a2), Math.sqrt(n2), 1e-3);
    return Number.isNaN(error) ? Infinity : error;
  });
}

/** Every input's gradient matches central differences to 1e-6 (relative). */
export function expectVarGradients(fn: (...inputs: Var[]) => Var, inputs: readonly Tensor[]): void {
  const errors = varGradErrors(fn, inputs);
  errors.forEach((error, i) => {
    if (!(error < 1e-6)) throw new Error(`gradient of input ${i}: relative error ${error}`);
  });
  expect(Math.max(...errors)).toBeLessThan(1e-6);
}
