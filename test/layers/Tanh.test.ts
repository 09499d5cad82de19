import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { Tanh } from '../../src/layers/Tanh';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Tanh', () => {
  const x = randomTensor([3, 4], 2, -3, 3);

  it('computes tanh like mathjs, (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)', () => {
    const expected = math.map(x.toMatrix(), (v: number) => (math.exp(v) - math.exp(-v)) / (math.exp(v) + math.exp(-v)));
    expectClose(new Tanh().forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-14);
    expectClose(new Tanh().forward(Tensor.from([-1000, 0, 1000])), [-1, 0, 1], 0);
  });

  it('backward is dy · (1 − y²) and matches central differences', () => {
    const tanh = new Tanh();
    const y = tanh.forward(Tensor.from([0, Math.log(2)], undefined, 'float64'));
    expectClose(y, [0, 0.6], 1e-15); // tanh(ln 2) = (2 − ½)/(2 + ½)
    expectClose(tanh.backward(Tensor.from([2, 1], undefined, 'float64')), [2, 0.64], 1e-15);
    expectGradientsCorrect(new Tanh(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new Tanh()).toConfig()).toEqual({ type: 'Tanh' });
    expect(new Tanh().outputShape([2, 9])).toEqual([2, 9]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new Tanh().backward(Tensor.zeros([3, 4]))).toThrow(
      'Tanh.backward: called before forward; run forward(x) first',
    );
    const tanh = new Tanh();
    tanh.forward(x);
    expect(() => tanh.backward(Tensor.zeros([3, 5]))).toThrow(ShapeError);
    expect(() => tanh.backward(Tensor.zeros([3, 5]))).toThrow('Tanh.backward: expected gradOut of shape [3, 4], got [3, 5]');
  });
});
