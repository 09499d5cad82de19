import { ConfigError, ShapeError } from '../../src/errors';
import { Reshape } from '../../src/layers/Reshape';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Reshape', () => {
  it('turns flat rows into images in row-major order (hand-derived)', () => {
    const reshape = new Reshape([1, 2, 3]);
    const x = Tensor.from([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], undefined, 'float64');
    expect(reshape.forward(x).toArray()).toEqual([[[[1, 2, 3], [4, 5, 6]]], [[[7, 8, 9], [10, 11, 12]]]]);
    const gradIn = reshape.backward(Tensor.from([[[[1, 0, 0], [0, 0, 2]]], [[[3, 0, 0], [0, 0, 4]]]], undefined, 'float64'));
    expectClose(gradIn, [[1, 0, 0, 0, 0, 2], [3, 0, 0, 0, 0, 4]], 0);
  });

  it('infers one -1 dimension and shapes digits rows as 1×8×8', () => {
    expect(new Reshape([1, 8, 8]).outputShape([32, 64])).toEqual([32, 1, 8, 8]);
    expect(new Reshape([-1, 4]).outputShape([5, 2, 3, 2])).toEqual([5, 3, 4]);
    expect(new Reshape([-1]).outputShape([5, 2, 3, 2])).toEqual([5, 12]);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new Reshape([2, -1]), randomTensor([3, 2, 3]));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new Reshape([1, 8, 8])).toConfig()).toEqual({ type: 'Reshape', shape: [1, 8, 8] });
  });

  it('names the sizes on a bad input and refuses bad shapes', () => {
    expect(() => new Reshape([1, 8, 8]).forward(Tensor.zeros([2, 63]))).toThrow(ShapeError);
    expect(() => new Reshape([1, 8, 8]).forward(Tensor.zeros([2, 63]))).toThrow(
      'Reshape: expected input with 64 values per sample to reshape to [1, 8, 8], got [2, 63] (63 per sample)',
    );
    expect(() => new Reshape([-1, 5]).outputShape([2, 12])).toThrow(
      'Reshape: expected input with a multiple of 5 values per sample to reshape to [-1, 5], got [2, 12] (12 per sample)',
    );
    expect(() => new Reshape([1, 8, 8]).backward(Tensor.zeros([2, 1, 8, 8]))).toThrow('Reshape.backward: called before forward');
    expect(() => new Reshape([-1, -1])).toThrow(ConfigError);
    expect(() => new Reshape([8, 0])).toThrow(
      'Reshape: expected shape to be a non-empty array of positive integers with at most one -1 (the sample shape without the batch), got [8,0]',
    );
  });
});
