import { ShapeError } from '../../src/errors';
import { GlobalAvgPool2D } from '../../src/layers/GlobalAvgPool2D';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('GlobalAvgPool2D', () => {
  it('averages each feature map and spreads the gradient evenly (hand-derived)', () => {
    const pool = new GlobalAvgPool2D();
    const x = Tensor.from(
      [
        [[[1, 2], [3, 6]], [[0, 0], [0, -8]]],
        [[[4, 4], [4, 4]], [[1, 3], [5, 7]]],
      ],
      undefined,
      'float64',
    );
    expectClose(pool.forward(x), [[3, -2], [4, 4]], 1e-15);
    const gradIn = pool.backward(Tensor.from([[4, 8], [-4, 2]], undefined, 'float64'));
    expectClose(gradIn, [
      [[[1, 1], [1, 1]], [[2, 2], [2, 2]]],
      [[[-1, -1], [-1, -1]], [[0.5, 0.5], [0.5, 0.5]]],
    ], 1e-15);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new GlobalAvgPool2D(), randomTensor([2, 3, 4, 5]));
  });

  it('round-trips its config and infers [batch, channels]', () => {
    expectConfigRoundTrip(new GlobalAvgPool2D());
    expect(new GlobalAvgPool2D().outputShape([64, 32, 4, 4])).toEqual([64, 32]);
  });

  it('names the shapes on a bad input', () => {
    expect(() => new GlobalAvgPool2D().forward(Tensor.zeros([2, 32]))).toThrow(ShapeError);
    expect(() => new GlobalAvgPool2D().forward(Tensor.zeros([2, 32]))).toThrow(
      'GlobalAvgPool2D: expected input of shape [batch, channels, height, width] (NCHW), got [2, 32]',
    );
    const pool = new GlobalAvgPool2D();
    pool.forward(Tensor.zeros([2, 3, 2, 2]));
    expect(() => pool.backward(Tensor.zeros([2, 4]))).toThrow(
      'GlobalAvgPool2D.backward: expected gradOut of shape [2, 3], got [2, 4]',
    );
  });
});
