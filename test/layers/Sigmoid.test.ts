import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { Sigmoid } from '../../src/layers/Sigmoid';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Sigmoid', () => {
  const x = randomTensor([3, 4], 1, -4, 4);

  it('computes 1 / (1 + e⁻ˣ) like mathjs, with exact points', () => {
    const expected = math.map(x.toMatrix(), (v: number) => 1 / (1 + math.exp(-v)));
    expectClose(new Sigmoid().forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-14);
    // σ(0) = ½, σ(ln 3) = ¾, σ(−ln 3) = ¼
    expectClose(new Sigmoid().forward(Tensor.from([0, Math.log(3), -Math.log(3)], undefined, 'float64')), [0.5, 0.75, 0.25], 1e-15);
  });

  it('saturates without overflow for large |x|, also in float32', () => {
    const y = new Sigmoid().forward(Tensor.from([-1000, 1000, -80, 80]));
    expect(Array.from(y.data)).toEqual([0, 1, expect.any(Number), 1]);
    expect(y.data[2]).toBeGreaterThanOrEqual(0);
    expect(y.data[2]).toBeLessThan(1e-30);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new Sigmoid(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new Sigmoid()).toConfig()).toEqual({ type: 'Sigmoid' });
    expect(new Sigmoid().outputShape([2, 3, 4])).toEqual([2, 3, 4]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new Sigmoid().backward(Tensor.zeros([3, 4]))).toThrow(
      'Sigmoid.backward: called before forward; run forward(x) first',
    );
    const sigmoid = new Sigmoid();
    sigmoid.forward(x);
    expect(() => sigmoid.backward(Tensor.zeros([4, 3]))).toThrow(ShapeError);
    expect(() => sigmoid.backward(Tensor.zeros([4, 3]))).toThrow(
      'Sigmoid.backward: expected gradOut of shape [3, 4], got [4, 3]',
    );
  });
});
