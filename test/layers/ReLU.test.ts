import { ShapeError } from '../../src/errors';
import { ReLU } from '../../src/layers/ReLU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect } from '../helpers/layerChecks';

describe('ReLU', () => {
  // Away from the kink at 0, where the central difference straddles two slopes.
  const x = Tensor.from([[-2, -0.5, 0.3, 1.7], [0.8, -1.2, 2.5, -0.1]], undefined, 'float64');

  it('computes max(x, 0) and passes the gradient only where x > 0', () => {
    const relu = new ReLU();
    expectClose(relu.forward(x), [[0, 0, 0.3, 1.7], [0.8, 0, 2.5, 0]], 0);
    const gradIn = relu.backward(Tensor.from([[1, 2, 3, 4], [5, 6, 7, 8]], undefined, 'float64'));
    expectClose(gradIn, [[0, 0, 3, 4], [5, 0, 7, 0]], 0);
    expectClose(relu.forward(Tensor.from([0])), [0], 0);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new ReLU(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expectConfigRoundTrip(new ReLU());
    expect(new ReLU().toConfig()).toEqual({ type: 'ReLU' });
    expect(new ReLU().outputShape([7, 3, 2])).toEqual([7, 3, 2]);
    expect(new ReLU().forward(Tensor.zeros([2, 3, 4])).shape).toEqual([2, 3, 4]);
    expect(new ReLU().paramGrads()).toEqual([]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new ReLU().backward(Tensor.zeros([2, 4]))).toThrow(
      'ReLU.backward: called before forward; run forward(x) first',
    );
    const relu = new ReLU();
    relu.forward(x);
    expect(() => relu.backward(Tensor.zeros([4, 2]))).toThrow(ShapeError);
    expect(() => relu.backward(Tensor.zeros([4, 2]))).toThrow('ReLU.backward: expected gradOut of shape [2, 4], got [4, 2]');
  });
});
