import { buildLayer } from '../../src/layers/buildLayer';
import type { Layer } from '../../src/layers/Layer';
import { gradCheck, type GradCheckOptions } from '../../src/model/gradCheck';
import { createRng } from '../../src/tensor/rng';
import { Tensor, type NestedArray, type Shape } from '../../src/tensor/Tensor';

/** Values in [low, high) as a float64 tensor, seeded. */
export function randomTensor(shape: Shape, seed = 1, low = -1, high = 1): Tensor {
  return Tensor.uniform(shape, low, high, createRng(seed), 'float64');
}

/** Elementwise closeness with a readable failure (first mismatch and its index). */
export function expectClose(actual: Tensor | NestedArray, expected: Tensor | NestedArray, tolerance = 1e-6): void {
  const a = actual instanceof Tensor ? actual : Tensor.from(actual, undefined, 'float64');
  const e = expected instanceof Tensor ? expected : Tensor.from(expected, undefined, 'float64');
  expect(a.shape).toEqual(e.shape);
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i] as number;
    const y = e.data[i] as number;
    const scale = Math.max(1, Math.abs(y));
    if (!(Math.abs(x - y) <= tolerance * scale)) {
      throw new Error(`expectClose: element ${i} is ${x}, expected ${y} (tolerance ${tolerance})`);
    }
  }
}

/** The float64 gradient check for the input and every parameter passes with error < 1e-6. */
export function expectGradientsCorrect(layer: Layer, input: Tensor, options: GradCheckOptions = {}): void {
  const result = gradCheck(layer, input, options);
  if (!result.ok) throw new Error(`gradCheck failed: ${JSON.stringify(result.errors)}`);
  expect(result.maxRelError).toBeLessThan(1e-6);
  const checked = (options.checkInput ?? layer.integerInput !== true) ? ['input'] : [];
  expect(Object.keys(result.errors)).toEqual([...checked, ...layer.paramGrads().map((p) => p.name)]);
}

/** toConfig → buildLayer gives a layer with the same config and the same parameter shapes. */
export function expectConfigRoundTrip(layer: Layer): Layer {
  const config = JSON.parse(JSON.stringify(layer.toConfig()));
  const rebuilt = buildLayer(config);
  expect(rebuilt.name).toBe(layer.name);
  expect(rebuilt.toConfig()).toEqual(layer.toConfig());
  expect(rebuilt.paramGrads().map((p) => [p.name, p.value.shape])).toEqual(
    layer.paramGrads().map((p) => [p.name, p.value.shape]),
  );
  return rebuilt;
}
