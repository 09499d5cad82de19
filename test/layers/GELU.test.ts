import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { GELU } from '../../src/layers/GELU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('GELU (tanh form)', () => {
  const x = randomTensor([3, 4], 4, -4, 4);

  it('computes ½ x (1 + tanh(√(2/π)(x + 0.044715 x³))) like mathjs', () => {
    const c = Math.sqrt(2 / Math.PI);
    const expected = math.map(x.toMatrix(), (v: number) => 0.5 * v * (1 + math.tanh(c * (v + 0.044715 * v ** 3))));
    expectClose(new GELU().forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-14);
  });

  it('stays within 1e-3 of the exact GELU x·Φ(x) (the approximation it stands for)', () => {
    const exact = math.map(x.toMatrix(), (v: number) => 0.5 * v * (1 + math.erf(v / math.SQRT2)));
    expectClose(new GELU().forward(x), Tensor.fromMatrix(exact, 'float64'), 1e-3);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new GELU(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new GELU()).toConfig()).toEqual({ type: 'GELU' });
    expect(new GELU().outputShape([6, 2, 2])).toEqual([6, 2, 2]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new GELU().backward(Tensor.zeros([3, 4]))).toThrow(
      'GELU.backward: called before forward; run forward(x) first',
    );
    const gelu = new GELU();
    gelu.forward(x);
    expect(() => gelu.backward(Tensor.zeros([3, 4, 1]))).toThrow(ShapeError);
    expect(() => gelu.backward(Tensor.zeros([3, 4, 1]))).toThrow(
      'GELU.backward: expected gradOut of shape [3, 4], got [3, 4, 1]',
    );
  });
});
