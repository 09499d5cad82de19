import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { Softmax } from '../../src/layers/Softmax';
import { Tensor, type NestedArray } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/** The textbook formula, row by row, in mathjs: exp(x) / Σ exp(x) (no max shift). */
function naiveSoftmax(rows: number[][]): number[][] {
  return rows.map((row) => {
    const e = math.map(row, (v: number) => math.exp(v)) as number[];
    const total = math.sum(e);
    return e.map((v) => v / total);
  });
}

describe('Softmax', () => {
  const x = randomTensor([4, 5], 7, -3, 3);

  it('matches exp(x)/Σexp(x) row by row, and every row sums to 1', () => {
    const y = new Softmax().forward(x);
    expectClose(y, naiveSoftmax(x.toArray() as number[][]), 1e-14);
    for (const row of y.toArray() as number[][]) expect(math.sum(row)).toBeCloseTo(1, 14);
  });

  it('works over the last dimension of a higher-rank input', () => {
    const x3 = randomTensor([2, 3, 4], 8);
    const rows = (x3.toArray() as number[][][]).flat();
    expectClose(new Softmax().forward(x3), Tensor.from(naiveSoftmax(rows) as NestedArray, undefined, 'float64').reshape([2, 3, 4]), 1e-14);
  });

  it('is stable for large logits (the row max is subtracted), also in float32', () => {
    const y = new Softmax().forward(Tensor.from([[1000, 1001, 1002], [-1000, 0, 1000]]));
    expectClose(y.toArray(), [naiveSoftmax([[0, 1, 2]])[0] as number[], [0, 0, 1]], 1e-6);
    for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('backward is Y ⊙ (dY − rowsum(dY ⊙ Y)) and matches central differences', () => {
    const softmax = new Softmax();
    const y = softmax.forward(x);
    const gradOut = randomTensor([4, 5], 9);
    const expected = (y.toArray() as number[][]).map((row, r) => {
      const dy = (gradOut.toArray() as number[][])[r] as number[];
      const s = math.dot(row, dy);
      return row.map((v, c) => v * ((dy[c] as number) - s));
    });
    expectClose(softmax.backward(gradOut), expected, 1e-14);
    expectGradientsCorrect(new Softmax(), x);
    expectGradientsCorrect(new Softmax(), randomTensor([2, 3, 4], 10));
  });

  it('round-trips its config and keeps the shape', () => {
    expect(expectConfigRoundTrip(new Softmax()).toConfig()).toEqual({ type: 'Softmax' });
    expect(new Softmax().outputShape([8, 10])).toEqual([8, 10]);
  });

  it('names the problem on a bad input, backward before forward and a bad gradOut', () => {
    expect(() => new Softmax().forward(Tensor.zeros([5]))).toThrow(ShapeError);
    expect(() => new Softmax().forward(Tensor.zeros([5]))).toThrow(
      'Softmax: expected input with at least 2 dimensions, got [5]',
    );
    expect(() => new Softmax().outputShape([5])).toThrow('Softmax: expected input with at least 2 dimensions, got [5]');
    expect(() => new Softmax().backward(Tensor.zeros([4, 5]))).toThrow(
      'Softmax.backward: called before forward; run forward(x) first',
    );
    const softmax = new Softmax();
    softmax.forward(x);
    expect(() => softmax.backward(Tensor.zeros([4, 4]))).toThrow(
      'Softmax.backward: expected gradOut of shape [4, 5], got [4, 4]',
    );
  });
});
