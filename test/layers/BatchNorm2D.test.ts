import { ConfigError, ShapeError } from '../../src/errors';
import { BatchNorm2D } from '../../src/layers/BatchNorm2D';
import { Sequential } from '../../src/model/Sequential';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const EPS = 1e-5;
/**
 * Channel 0 holds 1…8 (mean 4.5, Σ(x − μ)² = 42: biased variance 5.25, unbiased 6);
 * channel 1 holds four 2s and four 4s (mean 3, biased variance 1, unbiased 8/7).
 */
const x = () =>
  Tensor.from(
    [
      [[[1, 2], [3, 4]], [[2, 2], [2, 2]]],
      [[[5, 6], [7, 8]], [[4, 4], [4, 4]]],
    ],
    undefined,
    'float64',
  );

/** Per-channel statistics over batch·H·W, written plainly: the oracle. */
function naiveBatchNorm(input: Tensor, gamma: number[], beta: number[]): Tensor {
  const [batch, channels, height, width] = input.shape as number[] as [number, number, number, number];
  const y = Tensor.zeros(input.shape, 'float64');
  for (let c = 0; c < channels; c++) {
    const values: number[] = [];
    for (let n = 0; n < batch; n++) for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) values.push(input.get(n, c, i, j));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
    for (let n = 0; n < batch; n++)
      for (let i = 0; i < height; i++)
        for (let j = 0; j < width; j++) {
          y.set((gamma[c]! * (input.get(n, c, i, j) - mean)) / Math.sqrt(variance + EPS) + beta[c]!, n, c, i, j);
        }
  }
  return y;
}

describe('BatchNorm2D', () => {
  it('normalises each channel over batch, height and width in training', () => {
    const bn = new BatchNorm2D(2, { dtype: 'float64' });
    const y = bn.forward(x());
    // Channel 1 by hand: (2 − 3)/√(1 + ε) and (4 − 3)/√(1 + ε).
    expect(y.get(0, 1, 0, 0)).toBeCloseTo(-1 / Math.sqrt(1 + EPS), 12);
    expect(y.get(1, 1, 1, 1)).toBeCloseTo(1 / Math.sqrt(1 + EPS), 12);
    expectClose(y, naiveBatchNorm(x(), [1, 1], [0, 0]), 1e-12);
    bn.gamma.value.data.set([0.5, -2]);
    bn.beta.value.data.set([1, 0.25]);
    const input = randomTensor([3, 2, 4, 5]);
    expectClose(bn.forward(input), naiveBatchNorm(input, [0.5, -2], [1, 0.25]), 1e-12);
  });

  it('updates the running statistics as PyTorch does (momentum 0.1, unbiased variance)', () => {
    const bn = new BatchNorm2D(2, { dtype: 'float64' });
    bn.forward(x());
    expectClose(bn.runningMean, [0.45, 0.3], 1e-12);
    expectClose(bn.runningVar, [0.9 + 0.1 * 6, 0.9 + (0.1 * 8) / 7], 1e-12);
    bn.forward(x());
    expectClose(bn.runningMean, [0.9 * 0.45 + 0.45, 0.9 * 0.3 + 0.3], 1e-12);
    expectClose(bn.runningVar, [0.9 * 1.5 + 0.6, 0.9 * (0.9 + 0.8 / 7) + 0.8 / 7], 1e-12);
  });

  it('uses the running statistics in eval, for any batch size', () => {
    const bn = new BatchNorm2D(2, { dtype: 'float64' });
    bn.runningMean.data.set([1, -1]);
    bn.runningVar.data.set([4, 0.25]);
    bn.gamma.value.data.set([2, 1]);
    bn.beta.value.data.set([0, 0.5]);
    bn.training = false;
    const sample = Tensor.from([[[[3]], [[0]]]], undefined, 'float64');
    expectClose(bn.forward(sample), [[[[(2 * 2) / Math.sqrt(4 + EPS)]], [[1 / Math.sqrt(0.25 + EPS) + 0.5]]]], 1e-12);
    expectClose(bn.runningMean, [1, -1], 0);
  });

  it('has correct gradients for input, gamma and beta (float64, training and eval)', () => {
    const bn = new BatchNorm2D(3);
    bn.gamma.value.data.set([1.5, -0.7, 0.3]);
    bn.beta.value.data.set([0.2, 0.1, -0.4]);
    expectGradientsCorrect(bn, randomTensor([2, 3, 3, 4]));
    bn.training = false;
    expectGradientsCorrect(bn, randomTensor([2, 3, 2, 2], 2));
  });

  it('saves gamma, beta and the running statistics in the model file', () => {
    const model = new Sequential([new BatchNorm2D(2)]);
    const bn = model.layers[0] as BatchNorm2D;
    bn.gamma.value.data.set([0.5, 2]);
    model.forward(x()); // moves the running statistics away from their initial 0 and 1
    const loaded = Sequential.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const copy = loaded.layers[0] as BatchNorm2D;
    expect(Array.from(copy.runningMean.data)).toEqual(Array.from(bn.runningMean.data));
    expect(Array.from(copy.runningVar.data)).toEqual(Array.from(bn.runningVar.data));
    expect(Array.from(copy.gamma.value.data)).toEqual([0.5, 2]);
    model.eval();
    loaded.eval();
    const input = randomTensor([2, 2, 3, 3]).astype('float32');
    expect(Array.from(loaded.forward(input).data)).toEqual(Array.from(model.forward(input).data));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new BatchNorm2D(16)).toConfig()).toEqual({
      type: 'BatchNorm2D', channels: 16, momentum: 0.1, eps: 1e-5,
    });
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new BatchNorm2D(3).forward(Tensor.zeros([4, 2, 5, 5]))).toThrow(ShapeError);
    expect(() => new BatchNorm2D(3).forward(Tensor.zeros([4, 2, 5, 5]))).toThrow(
      'BatchNorm2D: expected input of shape [batch, 3, height, width] (NCHW), got [4, 2, 5, 5]',
    );
    expect(() => new BatchNorm2D(3).forward(Tensor.zeros([1, 3, 1, 1]))).toThrow(
      'BatchNorm2D: expected more than one value per channel in training, got input [1, 3, 1, 1]',
    );
    expect(() => new BatchNorm2D(3, { eps: 0 })).toThrow(ConfigError);
    expect(() => new BatchNorm2D(3, { eps: 0 })).toThrow('BatchNorm2D: expected eps to be a positive number, got 0');
  });
});
