import * as math from 'mathjs';
import { ConfigError, ShapeError } from '../../src/errors';
import { ELU } from '../../src/layers/ELU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect } from '../helpers/layerChecks';

describe('ELU', () => {
  const x = Tensor.from([[-2, -0.5, 0.3, 1.7], [0.8, -1.2, 2.5, -0.1]], undefined, 'float64');
  const oracle = (alpha: number) =>
    Tensor.fromMatrix(math.map(x.toMatrix(), (v: number) => (v > 0 ? v : alpha * (math.exp(v) - 1))), 'float64');

  it('computes x for x > 0 and α(eˣ − 1) otherwise, like mathjs', () => {
    expectClose(new ELU().forward(x), oracle(1), 1e-14);
    expectClose(new ELU(0.5).forward(x), oracle(0.5), 1e-14);
    // The negative side saturates at −α.
    expectClose(new ELU(2).forward(Tensor.from([-50])), [-2], 1e-7);
  });

  it('has a correct input gradient (float64 central differences, away from 0)', () => {
    expectGradientsCorrect(new ELU(), x);
    expectGradientsCorrect(new ELU(0.7), x);
  });

  it('round-trips its config, keeps any shape and refuses a bad alpha', () => {
    expect(expectConfigRoundTrip(new ELU(0.5)).toConfig()).toEqual({ type: 'ELU', alpha: 0.5 });
    expect(new ELU().toConfig()).toEqual({ type: 'ELU', alpha: 1 });
    expect(new ELU().outputShape([3, 4, 5])).toEqual([3, 4, 5]);
    expect(() => new ELU(NaN)).toThrow(ConfigError);
    expect(() => new ELU('1' as unknown as number)).toThrow('ELU: expected alpha to be a finite number, got "1"');
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new ELU().backward(Tensor.zeros([2, 4]))).toThrow(
      'ELU.backward: called before forward; run forward(x) first',
    );
    const elu = new ELU();
    elu.forward(x);
    expect(() => elu.backward(Tensor.zeros([8]))).toThrow(ShapeError);
    expect(() => elu.backward(Tensor.zeros([8]))).toThrow('ELU.backward: expected gradOut of shape [2, 4], got [8]');
  });
});
