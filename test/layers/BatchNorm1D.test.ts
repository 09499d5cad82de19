import { ConfigError, ShapeError } from '../../src/errors';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const EPS = 1e-5;
// Columns [1, 3, 5] and [2, 6, 4]: both have mean 3 resp. 4, biased variance 8/3, unbiased variance 4.
const x = () => Tensor.from([[1, 2], [3, 6], [5, 4]], undefined, 'float64');

describe('BatchNorm1D', () => {
  it('normalises each feature with the batch mean and biased variance in training (hand-derived)', () => {
    const bn = new BatchNorm1D(2, { dtype: 'float64' });
    bn.gamma.value.data.set([2, 0.5]);
    bn.beta.value.data.set([0.1, -0.2]);
    const s = Math.sqrt(8 / 3 + EPS);
    expectClose(
      bn.forward(x()),
      [
        [2 * (-2 / s) + 0.1, 0.5 * (-2 / s) - 0.2],
        [0.1, 0.5 * (2 / s) - 0.2],
        [2 * (2 / s) + 0.1, -0.2],
      ],
      1e-12,
    );
  });

  it('updates the running statistics as PyTorch does (momentum 0.1, unbiased variance)', () => {
    const bn = new BatchNorm1D(2, { dtype: 'float64' });
    expect(Array.from(bn.runningMean.data)).toEqual([0, 0]);
    expect(Array.from(bn.runningVar.data)).toEqual([1, 1]);
    bn.forward(x());
    // running = 0.9·running + 0.1·stat: mean 0.1·[3, 4]; var 0.9·1 + 0.1·4
    expectClose(bn.runningMean, [0.3, 0.4], 1e-12);
    expectClose(bn.runningVar, [1.3, 1.3], 1e-12);
    bn.forward(x());
    expectClose(bn.runningMean, [0.9 * 0.3 + 0.3, 0.9 * 0.4 + 0.4], 1e-12);
    expectClose(bn.runningVar, [0.9 * 1.3 + 0.4, 0.9 * 1.3 + 0.4], 1e-12);
    expect(bn.buffers().map((b) => b.name)).toEqual(['runningMean', 'runningVar']);
    expect(bn.buffers()[0]!.value).toBe(bn.runningMean);
  });

  it('uses the running statistics in eval and leaves them alone', () => {
    const bn = new BatchNorm1D(2, { momentum: 0.5, dtype: 'float64' });
    bn.forward(x()); // running mean 0.5·[3, 4] = [1.5, 2], var 0.5 + 0.5·4 = 2.5
    bn.gamma.value.data.set([2, 0.5]);
    bn.beta.value.data.set([0.1, -0.2]);
    bn.training = false;
    const sample = Tensor.from([[1.5, 4.5]], undefined, 'float64');
    const s = Math.sqrt(2.5 + EPS);
    expectClose(bn.forward(sample), [[0.1, (0.5 * 2.5) / s - 0.2]], 1e-12);
    expectClose(bn.runningMean, [1.5, 2], 1e-12);
    // In eval the layer is an affine map: dx = γ/√(runningVar + ε) · dy.
    expectClose(bn.backward(Tensor.from([[1, 1]], undefined, 'float64')), [[2 / s, 0.5 / s]], 1e-12);
  });

  it('has correct gradients for input, gamma and beta (float64, training and eval)', () => {
    const bn = new BatchNorm1D(3);
    bn.gamma.value.data.set([1.5, -0.7, 0.3]);
    bn.beta.value.data.set([0.2, 0.1, -0.4]);
    expectGradientsCorrect(bn, randomTensor([5, 3]));
    bn.training = false;
    expectGradientsCorrect(bn, randomTensor([4, 3], 2));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new BatchNorm1D(16)).toConfig()).toEqual({
      type: 'BatchNorm1D', features: 16, momentum: 0.1, eps: 1e-5,
    });
    expectConfigRoundTrip(new BatchNorm1D(4, { momentum: 0.01, eps: 1e-3 }));
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new BatchNorm1D(3).forward(Tensor.zeros([4, 2]))).toThrow(ShapeError);
    expect(() => new BatchNorm1D(3).forward(Tensor.zeros([4, 2]))).toThrow(
      'BatchNorm1D: expected input of shape [batch, 3], got [4, 2]',
    );
    expect(() => new BatchNorm1D(3).forward(Tensor.zeros([1, 3]))).toThrow(
      'BatchNorm1D: expected more than one value per channel in training, got input [1, 3]; use a batch larger than 1 or call eval()',
    );
    expect(() => new BatchNorm1D(3).backward(Tensor.zeros([2, 3]))).toThrow('BatchNorm1D.backward: called before forward');
    expect(() => new BatchNorm1D(0)).toThrow(ConfigError);
    expect(() => new BatchNorm1D(3, { momentum: 1.5 })).toThrow('BatchNorm1D: expected momentum in [0, 1], got 1.5');
  });
});
