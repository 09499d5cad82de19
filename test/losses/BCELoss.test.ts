import { DataError, ShapeError } from '../../src/errors';
import { BCELoss } from '../../src/losses/BCELoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

describe('BCELoss', () => {
  it('matches −mean(t log p + (1 − t) log(1 − p)) computed by hand', () => {
    const p = Tensor.from([0.9, 0.2, 0.6, 0.5], undefined, 'float64');
    const t = Tensor.from([1, 0, 0, 0.3], undefined, 'float64');
    const expected =
      -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + (0.3 * Math.log(0.5) + 0.7 * Math.log(0.5))) / 4;
    const loss = new BCELoss();
    expect(loss.forward(p, t)).toBeCloseTo(expected, 12);
    // (p − t) / (n p (1 − p))
    expectClose(loss.backward(), [-0.1 / (4 * 0.09), 0.2 / (4 * 0.16), 0.6 / (4 * 0.24), 0.2 / (4 * 0.25)], 1e-12);
  });

  it('clamps log(0) at −100 as PyTorch does', () => {
    const loss = new BCELoss();
    expect(loss.forward(Tensor.from([0, 1]), Tensor.from([1, 0]))).toBe(100);
    expect(loss.forward(Tensor.from([0, 1]), Tensor.from([0, 1]))).toBe(0);
    expect(Array.from(loss.backward().data).every(Number.isFinite)).toBe(true);
  });

  it('passes the float64 central-difference check', () => {
    expectLossGradientCorrect(new BCELoss(), randomTensor([3, 4], 3, 0.05, 0.95), randomTensor([3, 4], 4, 0, 1));
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new BCELoss(), randomTensor([2, 2], 5, 0.1, 0.9), randomTensor([2, 2], 6, 0, 1));
  });

  it('refuses predictions outside [0, 1], naming the index and the fix', () => {
    expect(() => new BCELoss().forward(Tensor.from([0.5, 1.25]), Tensor.from([1, 0]))).toThrow(DataError);
    expect(() => new BCELoss().forward(Tensor.from([0.5, 1.25]), Tensor.from([1, 0]))).toThrow(
      'BCELoss: expected probabilities in [0, 1], got 1.25 at index 1; apply a Sigmoid first',
    );
  });

  it('names the shapes on a bad target', () => {
    expect(() => new BCELoss().forward(Tensor.zeros([2, 1]), Tensor.zeros([2]))).toThrow(ShapeError);
    expect(() => new BCELoss().forward(Tensor.zeros([2, 1]), Tensor.zeros([2]))).toThrow(
      "BCELoss: expected target of shape [2, 1] (the prediction's shape), got [2]",
    );
  });
});
