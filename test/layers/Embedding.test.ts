import { ConfigError, DataError } from '../../src/errors';
import { Embedding } from '../../src/layers/Embedding';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Embedding', () => {
  const layer = (paddingIdx?: number) => new Embedding(5, 3, { paddingIdx, rng: createRng(3), dtype: 'float64' });
  const indices = Tensor.from([[0, 4, 2], [2, 2, 1]], undefined, 'float64');

  it('picks rows of the table (PyTorch: weight[x])', () => {
    const embedding = layer();
    const w = embedding.weight.value.toArray() as number[][];
    const expected = [[0, 4, 2], [2, 2, 1]].map((row) => row.map((i) => w[i] as number[]));
    expectClose(embedding.forward(indices), expected, 0);
    expect(embedding.outputShape([7, 3])).toEqual([7, 3, 3]);
    expect(embedding.forward(Tensor.from([1, 3], [2], 'float64')).shape).toEqual([2, 3]);
  });

  it('adds the gradient of every position into its row, nothing into paddingIdx', () => {
    const embedding = layer(2);
    expect(Array.from(embedding.weight.value.data.slice(6, 9))).toEqual([0, 0, 0]);
    embedding.forward(indices);
    const gradOut = randomTensor([2, 3, 3], 5);
    const gradIn = embedding.backward(gradOut);
    expect(Array.from(gradIn.data)).toEqual([0, 0, 0, 0, 0, 0]);
    const g = gradOut.toArray() as number[][][];
    const expected = Array.from({ length: 5 }, () => [0, 0, 0]);
    [[0, 4, 2], [2, 2, 1]].forEach((row, b) =>
      row.forEach((index, t) => {
        if (index === 2) return;
        for (let d = 0; d < 3; d++) (expected[index] as number[])[d]! += (g[b] as number[][])[t]![d] as number;
      }),
    );
    expectClose(embedding.weight.grad, expected, 1e-12);
  });

  it('has correct table gradients (float64 central differences; indices are not perturbed)', () => {
    expectGradientsCorrect(layer(), indices);
    // With paddingIdx the rule "no gradient for that row" is not the derivative (the output does
    // depend on the row), so central differences cannot check it; the test above does.
    expectGradientsCorrect(layer(1), Tensor.from([[4, 0], [2, 3]], undefined, 'float64'));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new Embedding(10, 4));
    expectConfigRoundTrip(new Embedding(10, 4, { paddingIdx: 0 }));
  });

  it('names a bad index and refuses bad sizes', () => {
    expect(() => layer().forward(Tensor.from([[0, 1.5]]))).toThrow(DataError);
    expect(() => layer().forward(Tensor.from([[0, 1.5]]))).toThrow(
      'Embedding: expected indices to be integers in 0..4, got 1.5 at input[0, 1]',
    );
    expect(() => layer().forward(Tensor.from([[0, 1], [5, 2]]))).toThrow('got 5 at input[1, 0]');
    expect(() => layer().forward(Tensor.from([-1]))).toThrow('got -1 at input[0]');
    expect(() => layer().backward(Tensor.zeros([2, 3]))).toThrow('Embedding.backward: called before forward');
    const e = layer();
    e.forward(indices);
    expect(() => e.backward(Tensor.zeros([2, 3]))).toThrow('Embedding.backward: expected gradOut of shape [2, 3, 3], got [2, 3]');
    expect(() => new Embedding(0, 3)).toThrow(ConfigError);
    expect(() => new Embedding(4, 3, { paddingIdx: 4 })).toThrow('Embedding: expected paddingIdx in 0..3, got 4');
  });
});
