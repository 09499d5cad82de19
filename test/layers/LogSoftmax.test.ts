import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { LogSoftmax } from '../../src/layers/LogSoftmax';
import { Softmax } from '../../src/layers/Softmax';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('LogSoftmax', () => {
  const x = randomTensor([4, 5], 11, -3, 3);

  it('equals log(Softmax(x)) and x − log Σ exp(x) (mathjs)', () => {
    const y = new LogSoftmax().forward(x);
    const logOfSoftmax = math.map(new Softmax().forward(x).toMatrix(), (v: number) => math.log(v));
    expectClose(y, Tensor.fromMatrix(logOfSoftmax, 'float64'), 1e-13);
    const direct = (x.toArray() as number[][]).map((row) => {
      const logSumExp = math.log(math.sum(row.map((v) => math.exp(v))));
      return row.map((v) => v - logSumExp);
    });
    expectClose(y, direct, 1e-13);
  });

  it('is finite for large logits, where log(softmax) would give −Infinity', () => {
    const y = new LogSoftmax().forward(Tensor.from([[1000, -1000, 0], [1000, 1001, 1002]], undefined, 'float64'));
    for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
    // Row 1: log Σ exp = 1000 + log(1 + e⁻²⁰⁰⁰ + e⁻¹⁰⁰⁰) = 1000 exactly in float64.
    // Row 2: a shift of every logit leaves log-softmax unchanged: [0, 1, 2] − log(1 + e + e²).
    const logSumExp012 = math.log(1 + math.e + math.exp(2));
    expectClose(y, [[0, -2000, -1000], [-logSumExp012, 1 - logSumExp012, 2 - logSumExp012]], 1e-12);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new LogSoftmax(), x);
    expectGradientsCorrect(new LogSoftmax(), randomTensor([2, 2, 3], 12));
  });

  it('round-trips its config and keeps the shape', () => {
    expect(expectConfigRoundTrip(new LogSoftmax()).toConfig()).toEqual({ type: 'LogSoftmax' });
    expect(new LogSoftmax().outputShape([8, 10])).toEqual([8, 10]);
  });

  it('names the problem on a bad input, backward before forward and a bad gradOut', () => {
    expect(() => new LogSoftmax().forward(Tensor.zeros([5]))).toThrow(ShapeError);
    expect(() => new LogSoftmax().forward(Tensor.zeros([5]))).toThrow(
      'LogSoftmax: expected input with at least 2 dimensions, got [5]',
    );
    expect(() => new LogSoftmax().backward(Tensor.zeros([4, 5]))).toThrow(
      'LogSoftmax.backward: called before forward; run forward(x) first',
    );
    const logSoftmax = new LogSoftmax();
    logSoftmax.forward(x);
    expect(() => logSoftmax.backward(Tensor.zeros([5, 4]))).toThrow(
      'LogSoftmax.backward: expected gradOut of shape [4, 5], got [5, 4]',
    );
  });
});
