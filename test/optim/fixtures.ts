import type { Param } from '../../src/layers/Layer';
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
