import * as math from 'mathjs';
import { Linear } from '../../src/layers/Linear';
import { ShapeError, ConfigError } from '../../src/errors';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Linear', () => {
  const layer = () => new Linear(4, 3, { rng: createRng(7), dtype: 'float64' });

  it('computes X·W + b like mathjs', () => {
    const linear = layer();
    linear.bias!.value.data.set([0.1, -0.2, 0.3]);
    const x = randomTensor([5, 4]);
    const expected = math.add(
      math.multiply(x.toMatrix(), linear.weight.value.toMatrix()),
      math.multiply(math.ones(5, 1), math.matrix([[0.1, -0.2, 0.3]])),
    ) as math.Matrix;
    expectClose(linear.forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-12);
  });

  it('has correct gradients for input, weight and bias (float64 central differences)', () => {
    expectGradientsCorrect(layer(), randomTensor([5, 4]));
    expectGradientsCorrect(new Linear(4, 3, { bias: false }), randomTensor([2, 4]));
  });

  it('accumulates parameter gradients over backward calls', () => {
    const linear = layer();
    const x = randomTensor([2, 4]);
    const gradOut = randomTensor([2, 3], 2);
    linear.forward(x);
    linear.backward(gradOut);
    const once = linear.weight.grad.clone();
    linear.forward(x);
    linear.backward(gradOut);
    expectClose(linear.weight.grad, new Tensor(once.data.map((v) => 2 * v), once.shape));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new Linear(4, 3, { bias: false, init: 'heNormal' }));
  });

  it('names the shapes on a bad input and refuses bad sizes', () => {
    expect(() => layer().forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => layer().forward(Tensor.zeros([2, 5]))).toThrow('Linear: expected input of shape [batch, 4], got [2, 5]');
    expect(() => layer().backward(Tensor.zeros([2, 3]))).toThrow('Linear.backward: called before forward');
    expect(() => new Linear(4, -3)).toThrow(ConfigError);
    expect(() => new Linear(4, -3)).toThrow('Linear: expected outputSize to be a positive integer, got -3');
  });

  it('initialises with the requested scheme', () => {
    const big = new Linear(200, 100, { init: 'xavierUniform', rng: createRng(1) });
    const limit = Math.sqrt(6 / 300);
    const values = Array.from(big.weight.value.data);
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...values)).toBeGreaterThan(0.9 * limit);
    const he = new Linear(400, 100, { init: 'heNormal', rng: createRng(2) });
    const std = Math.sqrt(Array.from(he.weight.value.data).reduce((s, v) => s + v * v, 0) / he.weight.value.size);
    expect(std).toBeCloseTo(Math.sqrt(2 / 400), 2);
    expect(Array.from(new Linear(3, 2, { init: 'zeros' }).weight.value.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
