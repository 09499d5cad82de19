import { ConfigError, ShapeError } from '../../src/errors';
import { HuberLoss } from '../../src/losses/HuberLoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

describe('HuberLoss', () => {
  it('is quadratic inside delta and linear outside (hand-derived)', () => {
    // d = [0.5, −3, 2.5, 0] with δ = 2: ½·0.25, 2·(3 − 1), 2·(2.5 − 1), 0 → (0.125 + 4 + 3 + 0)/4
    const loss = new HuberLoss(2);
    const p = Tensor.from([1.5, -1, 3.5, 7], undefined, 'float64');
    const t = Tensor.from([1, 2, 1, 7], undefined, 'float64');
    expect(loss.forward(p, t)).toBeCloseTo(7.125 / 4, 12);
    expectClose(loss.backward(), [0.5 / 4, -2 / 4, 2 / 4, 0], 1e-12);
  });

  it('defaults to delta = 1', () => {
    const loss = new HuberLoss();
    expect(loss.delta).toBe(1);
    // d = 3: 1·(3 − ½) = 2.5
    expect(loss.forward(Tensor.from([3]), Tensor.from([0]))).toBeCloseTo(2.5, 7);
  });

  it('passes the float64 central-difference check away from |d| = delta', () => {
    const p = Tensor.from([[0.2, -1.7], [2.9, 0.05], [-0.6, 1.3]], undefined, 'float64');
    expectLossGradientCorrect(new HuberLoss(0.8), p, Tensor.zeros([3, 2], 'float64'));
  });

  it('round-trips its config, delta included', () => {
    expectLossConfigRoundTrip(new HuberLoss(0.5), randomTensor([2, 3], 5), randomTensor([2, 3], 6));
  });

  it('refuses a bad delta and a bad target shape', () => {
    expect(() => new HuberLoss(-1)).toThrow(ConfigError);
    expect(() => new HuberLoss(-1)).toThrow('HuberLoss: expected delta to be a positive number, got -1');
    expect(() => new HuberLoss().forward(Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(ShapeError);
    expect(() => new HuberLoss().forward(Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(
      "HuberLoss: expected target of shape [2] (the prediction's shape), got [3]",
    );
  });
});
