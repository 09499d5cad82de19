import { ShapeError } from '../../src/errors';
import { Flatten } from '../../src/layers/Flatten';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Flatten', () => {
  it('turns [batch, …] into [batch, product of the rest] in row-major order', () => {
    const x = Tensor.from([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
    const flatten = new Flatten();
    const y = flatten.forward(x);
    expect(y.shape).toEqual([2, 6]);
    expect(y.toArray()).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
    const gradIn = flatten.backward(Tensor.from([[6, 5, 4, 3, 2, 1], [0, -1, -2, -3, -4, -5]]));
    expect(gradIn.shape).toEqual([2, 3, 2]);
    expect(gradIn.toArray()).toEqual([[[6, 5], [4, 3], [2, 1]], [[0, -1], [-2, -3], [-4, -5]]]);
  });

  it('keeps rank-2 inputs as they are and gives rank-1 inputs one column', () => {
    expectClose(new Flatten().forward(Tensor.from([[1, 2], [3, 4]])), [[1, 2], [3, 4]], 0);
    expect(new Flatten().forward(Tensor.from([1, 2, 3])).shape).toEqual([3, 1]);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new Flatten(), randomTensor([3, 2, 2, 2], 1));
  });

  it('infers shapes and round-trips its config', () => {
    expect(new Flatten().outputShape([5, 2, 3, 4])).toEqual([5, 24]);
    expect(new Flatten().outputShape([5, 7])).toEqual([5, 7]);
    expect(expectConfigRoundTrip(new Flatten()).toConfig()).toEqual({ type: 'Flatten' });
  });

  it('names the problem on a scalar, backward before forward and a bad gradOut', () => {
    expect(() => new Flatten().outputShape([])).toThrow(ShapeError);
    expect(() => new Flatten().outputShape([])).toThrow('Flatten: expected input with at least 1 dimensions, got []');
    expect(() => new Flatten().backward(Tensor.zeros([2, 6]))).toThrow(
      'Flatten.backward: called before forward; run forward(x) first',
    );
    const flatten = new Flatten();
    flatten.forward(Tensor.zeros([2, 3, 2]));
    expect(() => flatten.backward(Tensor.zeros([2, 3, 2]))).toThrow(ShapeError);
    expect(() => flatten.backward(Tensor.zeros([2, 3, 2]))).toThrow(
      'Flatten.backward: expected gradOut of shape [2, 6], got [2, 3, 2]',
    );
  });
});
