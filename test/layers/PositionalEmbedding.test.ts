import { ConfigError, ShapeError } from '../../src/errors';
import { PositionalEmbedding } from '../../src/layers/PositionalEmbedding';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('PositionalEmbedding', () => {
  const make = () => new PositionalEmbedding(5, 3, { rng: createRng(4), dtype: 'float64' });

  it('adds the first `time` rows of the table to every sequence', () => {
    const layer = make();
    const table = layer.weight.value.toArray() as number[][];
    const x = randomTensor([2, 4, 3], 1);
    const expected = (x.toArray() as number[][][]).map((s) => s.map((step, t) => step.map((v, f) => v + table[t]![f]!)));
    expectClose(layer.forward(x), expected, 1e-14);
  });

  it('has correct gradients for the input and the table (rows past `time` get none)', () => {
    expectGradientsCorrect(make(), randomTensor([2, 4, 3], 2));
    const layer = make();
    layer.forward(randomTensor([2, 2, 3], 3));
    layer.backward(Tensor.ones([2, 2, 3], 'float64'));
    expect(Array.from(layer.weight.grad.data)).toEqual([2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new PositionalEmbedding(16, 8));
  });

  it('names the shapes on a bad input and refuses bad sizes', () => {
    expect(() => make().forward(Tensor.zeros([2, 6, 3]))).toThrow(ShapeError);
    expect(() => make().forward(Tensor.zeros([2, 6, 3]))).toThrow('PositionalEmbedding: expected at most maxLength = 5 steps, got 6 in [2, 6, 3]');
    expect(() => make().forward(Tensor.zeros([2, 4, 2]))).toThrow('PositionalEmbedding: expected input of shape [batch, time, 3] (time ≥ 1), got [2, 4, 2]');
    expect(() => new PositionalEmbedding(0, 3)).toThrow(ConfigError);
  });
});
