import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { Softplus } from '../../src/layers/Softplus';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Softplus', () => {
  const x = randomTensor([3, 4], 3, -5, 5);

  it('computes log(1 + eˣ) like mathjs, with exact points', () => {
    const expected = math.map(x.toMatrix(), (v: number) => math.log(1 + math.exp(v)));
    expectClose(new Softplus().forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-13);
    // softplus(0) = ln 2, softplus(ln 3) = ln 4
    expectClose(new Softplus().forward(Tensor.from([0, Math.log(3)], undefined, 'float64')), [Math.LN2, Math.log(4)], 1e-15);
  });

  it('stays finite and accurate for large |x|', () => {
    const y = new Softplus().forward(Tensor.from([1000, -1000, -40], undefined, 'float64'));
    expectClose(y, [1000, 0, Math.exp(-40)], 1e-15);
    expect(y.data[2]).toBeGreaterThan(0); // log1p keeps e⁻⁴⁰ instead of rounding 1 + e⁻⁴⁰ to 1
  });

  it('has a correct input gradient, σ(x) (float64 central differences)', () => {
    const softplus = new Softplus();
    softplus.forward(Tensor.from([0, Math.log(3)], undefined, 'float64'));
    expectClose(softplus.backward(Tensor.from([1, 2], undefined, 'float64')), [0.5, 1.5], 1e-15);
    expectGradientsCorrect(new Softplus(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new Softplus()).toConfig()).toEqual({ type: 'Softplus' });
    expect(new Softplus().outputShape([4, 1])).toEqual([4, 1]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new Softplus().backward(Tensor.zeros([3, 4]))).toThrow(
      'Softplus.backward: called before forward; run forward(x) first',
    );
    const softplus = new Softplus();
    softplus.forward(x);
    expect(() => softplus.backward(Tensor.zeros([1, 12]))).toThrow(ShapeError);
    expect(() => softplus.backward(Tensor.zeros([1, 12]))).toThrow(
      'Softplus.backward: expected gradOut of shape [3, 4], got [1, 12]',
    );
  });
});
