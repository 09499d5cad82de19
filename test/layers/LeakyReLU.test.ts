import { ConfigError, ShapeError } from '../../src/errors';
import { LeakyReLU } from '../../src/layers/LeakyReLU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect } from '../helpers/layerChecks';

describe('LeakyReLU', () => {
  const x = Tensor.from([[-2, -0.5, 0.3, 1.7], [0.8, -1.2, 2.5, -0.1]], undefined, 'float64');

  it('computes x for x > 0 and slope·x otherwise (default slope 0.01)', () => {
    expectClose(new LeakyReLU().forward(x), [[-0.02, -0.005, 0.3, 1.7], [0.8, -0.012, 2.5, -0.001]], 1e-15);
    const leaky = new LeakyReLU(0.2);
    expectClose(leaky.forward(x), [[-0.4, -0.1, 0.3, 1.7], [0.8, -0.24, 2.5, -0.02]], 1e-15);
    const gradIn = leaky.backward(Tensor.from([[1, 2, 3, 4], [5, 6, 7, 8]], undefined, 'float64'));
    expectClose(gradIn, [[0.2, 0.4, 3, 4], [5, 1.2, 7, 1.6]], 1e-15);
  });

  it('has a correct input gradient (float64 central differences, away from 0)', () => {
    expectGradientsCorrect(new LeakyReLU(), x);
    expectGradientsCorrect(new LeakyReLU(0.3), x);
  });

  it('round-trips its config, keeps any shape and refuses a bad slope', () => {
    const rebuilt = expectConfigRoundTrip(new LeakyReLU(0.2));
    expect(rebuilt.toConfig()).toEqual({ type: 'LeakyReLU', slope: 0.2 });
    expect(new LeakyReLU().toConfig()).toEqual({ type: 'LeakyReLU', slope: 0.01 });
    expect(new LeakyReLU().outputShape([5, 2, 3])).toEqual([5, 2, 3]);
    expect(() => new LeakyReLU(NaN)).toThrow(ConfigError);
    expect(() => new LeakyReLU('0.2' as unknown as number)).toThrow(
      'LeakyReLU: expected slope to be a finite number, got "0.2"',
    );
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new LeakyReLU().backward(Tensor.zeros([2, 4]))).toThrow(
      'LeakyReLU.backward: called before forward; run forward(x) first',
    );
    const leaky = new LeakyReLU();
    leaky.forward(x);
    expect(() => leaky.backward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => leaky.backward(Tensor.zeros([2, 5]))).toThrow(
      'LeakyReLU.backward: expected gradOut of shape [2, 4], got [2, 5]',
    );
  });
});
