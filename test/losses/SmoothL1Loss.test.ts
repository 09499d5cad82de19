import { ConfigError, ShapeError } from '../../src/errors';
import { L1Loss } from '../../src/losses/L1Loss';
import { SmoothL1Loss } from '../../src/losses/SmoothL1Loss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

/** PyTorch's formula on plain numbers: 0.5·d²/β if |d| < β else |d| − 0.5β, mean. */
function smoothL1Reference(p: number[], t: number[], beta: number): number {
  const terms = p.map((v, i) => {
    const d = Math.abs(v - (t[i] as number));
    return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
  });
  return terms.reduce((a, b) => a + b, 0) / p.length;
}

describe('SmoothL1Loss', () => {
  it('is quadratic inside beta and linear outside (PyTorch formula, hand-derived gradient)', () => {
    // d = [0.5, −3, 2.5, 0] with β = 2: 0.25/4, 3 − 1, 2.5 − 1, 0 → (0.0625 + 2 + 1.5)/4
    const loss = new SmoothL1Loss(2);
    const p = [1.5, -1, 3.5, 7];
    const t = [1, 2, 1, 7];
    const value = loss.forward(Tensor.from(p, undefined, 'float64'), Tensor.from(t, undefined, 'float64'));
    expect(value).toBeCloseTo(3.5625 / 4, 12);
    expect(value).toBeCloseTo(smoothL1Reference(p, t, 2), 12);
    expectClose(loss.backward(), [0.25 / 4, -1 / 4, 1 / 4, 0], 1e-12);
  });

  it('defaults to beta = 1, takes { beta }, and is L1Loss at beta = 0', () => {
    expect(new SmoothL1Loss().beta).toBe(1);
    expect(new SmoothL1Loss({ beta: 0.25 }).beta).toBe(0.25);
    expect(new SmoothL1Loss({}).beta).toBe(1);
    const p = randomTensor([3, 4], 1).astype('float64');
    const t = randomTensor([3, 4], 2).astype('float64');
    const smooth = new SmoothL1Loss(0);
    const l1 = new L1Loss();
    expect(smooth.forward(p, t)).toBeCloseTo(l1.forward(p, t), 14);
    expectClose(smooth.backward(), l1.backward(), 1e-14);
  });

  it('matches the formula on random data and passes the float64 central-difference check away from |d| = beta', () => {
    const p = randomTensor([4, 3], 3).astype('float64');
    const t = randomTensor([4, 3], 4).astype('float64');
    expect(new SmoothL1Loss(0.7).forward(p, t)).toBeCloseTo(smoothL1Reference(Array.from(p.data), Array.from(t.data), 0.7), 12);
    const q = Tensor.from([[0.2, -1.7], [2.9, 0.05], [-0.6, 1.3]], undefined, 'float64');
    expectLossGradientCorrect(new SmoothL1Loss(0.8), q, Tensor.zeros([3, 2], 'float64'));
  });

  it('says its prediction is values and round-trips its config, beta included', () => {
    const loss = new SmoothL1Loss(0.5);
    expect([loss.output, loss.targets]).toEqual(['values', 'values']);
    expect(loss.toConfig()).toEqual({ type: 'SmoothL1Loss', beta: 0.5 });
    expectLossConfigRoundTrip(loss, randomTensor([2, 3], 5), randomTensor([2, 3], 6));
  });

  it('refuses a bad beta and a bad target shape', () => {
    expect(() => new SmoothL1Loss(-1)).toThrow(ConfigError);
    expect(() => new SmoothL1Loss(-1)).toThrow('SmoothL1Loss: expected beta to be a non-negative number, got -1');
    expect(() => new SmoothL1Loss().forward(Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(ShapeError);
    expect(() => new SmoothL1Loss().forward(Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(
      "SmoothL1Loss: expected target of shape [2] (the prediction's shape), got [3]",
    );
  });
});
