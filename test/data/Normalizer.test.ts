import * as math from 'mathjs';
import { applyNormalizer, fitNormalizer, isNormalizer } from '../../src/data/Normalizer';
import { splitIndices, takeRows } from '../../src/data/split';
import { Tensor } from '../../src/tensor/Tensor';

const x = Tensor.from([[1, 10, 5], [2, 20, 5], [4, 60, 5]], undefined, 'float64');

describe('Normalizer', () => {
  it('standardises each column with the population std (mathjs oracle)', () => {
    const normalizer = fitNormalizer('standard', x);
    const columns = [[1, 2, 4], [10, 20, 60]];
    if (normalizer.type !== 'standard') throw new Error('expected a standard normalizer');
    columns.forEach((column, c) => {
      expect(normalizer.mean[c]).toBeCloseTo(math.mean(column), 12);
      expect(normalizer.std[c]).toBeCloseTo(math.std(column, 'uncorrected') as unknown as number, 12);
    });
    const y = applyNormalizer(normalizer, x);
    const first = [0, 1, 2].map((r) => y.get(r, 0));
    expect(math.mean(first)).toBeCloseTo(0, 12);
    expect(math.std(first, 'uncorrected') as unknown as number).toBeCloseTo(1, 12);
    // A constant column is only shifted, never divided by 0.
    expect([0, 1, 2].map((r) => y.get(r, 2))).toEqual([0, 0, 0]);
  });

  it('min-max scales to [0, 1] with training statistics, and round-trips through JSON', () => {
    const normalizer = JSON.parse(JSON.stringify(fitNormalizer('minmax', x))) as unknown;
    expect(isNormalizer(normalizer)).toBe(true);
    if (!isNormalizer(normalizer)) return;
    const y = applyNormalizer(normalizer, Tensor.from([[1, 60, 5], [7, 35, 5]], undefined, 'float64'));
    expect(y.toArray()).toEqual([[0, 1, 0], [2, 0.5, 0]]);
    expect(applyNormalizer({ type: 'none' }, x).toArray()).toEqual(x.toArray());
    expect(() => applyNormalizer(normalizer, Tensor.zeros([1, 2]))).toThrow('expected 3 features (as in training), got 2');
    expect(isNormalizer({ type: 'standard', mean: [1], std: 'x' })).toBe(false);
  });
});

describe('splitIndices', () => {
  it('splits every row once, reproducibly for a seed', () => {
    const split = splitIndices(10, 0.2, 3);
    expect(split.validation.length).toBe(2);
    expect([...split.train, ...split.validation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splitIndices(10, 0.2, 3)).toEqual(split);
    expect(splitIndices(10, 0.2, 4)).not.toEqual(split);
    expect(() => splitIndices(3, 0.01, 0)).toThrow('leaves no rows');
  });

  it('takeRows copies the chosen rows', () => {
    expect(takeRows(x, [2, 0]).toArray()).toEqual([[4, 60, 5], [1, 10, 5]]);
  });
});
