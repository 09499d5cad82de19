import { ConfigError, ShapeError } from '../../src/errors';
import { LayerNorm } from '../../src/layers/LayerNorm';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const EPS = 1e-5;

describe('LayerNorm', () => {
  it('normalises each sample over its last dimension (hand-derived)', () => {
    const ln = new LayerNorm(4, { dtype: 'float64' });
    ln.gamma.value.data.set([1, 2, 1, 1]);
    ln.beta.value.data.set([0, 0, 0, 1]);
    // [1, 2, 3, 4]: mean 2.5, variance 1.25; [2, 2, 2, 2]: variance 0, so x̂ = 0
    const s = Math.sqrt(1.25 + EPS);
    const y = ln.forward(Tensor.from([[1, 2, 3, 4], [2, 2, 2, 2]], undefined, 'float64'));
    expectClose(y, [[-1.5 / s, (2 * -0.5) / s, 0.5 / s, 1.5 / s + 1], [0, 0, 0, 1]], 1e-12);
  });

  it('normalises over several trailing dimensions, the same in eval', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64' });
    const x = Tensor.from([[[[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [0, 0, 6]]]], undefined, 'float64');
    // Group 1: mean 3.5, variance 35/12; group 2: mean 1, variance (5·1 + 25)/6 = 5
    const a = Math.sqrt(35 / 12 + EPS);
    const b = Math.sqrt(5 + EPS);
    const expected = [[[[-2.5 / a, -1.5 / a, -0.5 / a], [0.5 / a, 1.5 / a, 2.5 / a]], [[-1 / b, -1 / b, -1 / b], [-1 / b, -1 / b, 5 / b]]]];
    expectClose(ln.forward(x), expected, 1e-12);
    ln.training = false;
    expectClose(ln.forward(x), expected, 1e-12);
  });

  it('has correct gradients for input, gamma and beta (float64 central differences)', () => {
    const ln = new LayerNorm(5);
    ln.gamma.value.data.set([1.5, -0.7, 0.3, 1, 2]);
    ln.beta.value.data.set([0.2, 0.1, -0.4, 0, 1]);
    expectGradientsCorrect(ln, randomTensor([3, 5]));
    const ln2 = new LayerNorm([2, 3]);
    ln2.gamma.value.data.set([1, 2, 3, -1, 0.5, 0.25]);
    expectGradientsCorrect(ln2, randomTensor([2, 4, 2, 3], 2));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new LayerNorm(8)).toConfig()).toEqual({ type: 'LayerNorm', normalizedShape: 8, eps: 1e-5 });
    expect(expectConfigRoundTrip(new LayerNorm([4, 4], { eps: 1e-6 })).toConfig()).toEqual({
      type: 'LayerNorm', normalizedShape: [4, 4], eps: 1e-6,
    });
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new LayerNorm([2, 3]).forward(Tensor.zeros([4, 3, 2]))).toThrow(ShapeError);
    expect(() => new LayerNorm([2, 3]).forward(Tensor.zeros([4, 3, 2]))).toThrow(
      'LayerNorm: expected input of shape [batch, …, 2, 3] (ending in normalizedShape), got [4, 3, 2]',
    );
    expect(() => new LayerNorm(6).forward(Tensor.zeros([6]))).toThrow('got [6]');
    expect(() => new LayerNorm(6).backward(Tensor.zeros([2, 6]))).toThrow('LayerNorm.backward: called before forward');
    expect(() => new LayerNorm([])).toThrow(ConfigError);
    expect(() => new LayerNorm(-2)).toThrow(
      'LayerNorm: expected normalizedShape to be a positive integer or a non-empty array of them, got -2',
    );
  });
});
