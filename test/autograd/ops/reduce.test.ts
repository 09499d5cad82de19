import { Tensor, Var } from '../../../src';
import { expectClose, randomTensor } from '../../helpers/layerChecks';
import { expectVarGradients } from '../../helpers/varChecks';

const x = [
  [[1, 2, 3], [4, 5, 6]],
  [[-1, 0, 7], [2, -3, 1]],
]; // [2, 2, 3]
const v = (): Var => Var.from(x);

describe('sum and mean', () => {
  test('forward against hand values, with axes, negative axes and keepDims', () => {
    expect(v().sum().item()).toBe(27);
    expect(v().sum().shape).toEqual([]);
    expectClose(v().sum(0).value, [[0, 2, 10], [6, 2, 7]]);
    expectClose(v().sum(-1).value, [[6, 15], [6, 0]]);
    expectClose(v().sum([0, 2], true).value, [[[12], [15]]]);
    expectClose(v().mean([1, -1]).value, [3.5, 1]);
    expectClose(v().mean(1, true).value, [[[2.5, 3.5, 4.5]], [[0.5, -1.5, 4]]]);
    expect(v().mean().item()).toBeCloseTo(27 / 12, 14);
  });

  test.each([[undefined], [0], [-1], [[0, 2]], [[1]]])('float64 gradients over axes %p, with and without keepDims', (axes) => {
    const t = randomTensor([2, 3, 4], 3);
    expectVarGradients((a) => a.sum(axes), [t]);
    expectVarGradients((a) => a.mean(axes, true), [t]);
  });

  test('bad axes are named', () => {
    expect(() => v().sum(3)).toThrow('Var.sum: expected an axis in [-3, 2] for a value of rank 3, got 3');
    expect(() => v().mean([0, -3])).toThrow('Var.mean: expected distinct axes, got [0,-3]');
  });
});

describe('max', () => {
  test('forward against hand values', () => {
    expectClose(v().max(0).value, [[1, 2, 7], [4, 5, 6]]);
    expectClose(v().max(-1).value, [[3, 6], [7, 2]]);
    expectClose(v().max(1, true).value, [[[4, 5, 6]], [[2, 0, 7]]]);
  });

  test('the gradient goes to the first maximal entry, like torch.max(dim)', () => {
    const t = Var.from([[1, 3, 3], [2, 2, 0]], { requiresGrad: true });
    t.max(1).sum().backward();
    expectClose(t.grad!, [[0, 1, 0], [1, 0, 0]]);
  });

  test.each([0, 1, -1])('float64 gradients along axis %p', (axis) => {
    expectVarGradients((a) => a.max(axis), [randomTensor([2, 3, 4], 4)]);
  });
});

describe('softmax and logSoftmax', () => {
  const oracle = (row: number[]): number[] => {
    const e = row.map((u) => Math.exp(u));
    const total = e.reduce((s, u) => s + u, 0);
    return e.map((u) => u / total);
  };
  test('forward against the formula along the last and a middle axis', () => {
    const rows = [[1, 2, 3], [-1, 0, 5]];
    expectClose(Var.from(rows).softmax(-1).value, rows.map(oracle), 1e-14);
    expectClose(Var.from(rows).logSoftmax(1).value, rows.map((r) => oracle(r).map(Math.log)), 1e-14);
    const columns = Var.from(rows).softmax(0).value.toArray() as number[][];
    const expected = [0, 1, 2].map((c) => oracle([rows[0]![c]!, rows[1]![c]!]));
    expectClose(columns, [expected.map((p) => p[0]!), expected.map((p) => p[1]!)], 1e-14);
  });

  test('large logits do not overflow', () => {
    expectClose(Var.from([[1000, 1000]]).softmax(1).value, [[0.5, 0.5]]);
    expectClose(Var.from([[1000, 0]]).logSoftmax(1).value, [[0, -1000]]);
  });

  test.each([0, 1, -1])('float64 gradients along axis %p', (axis) => {
    const t = randomTensor([2, 3, 4], 5);
    expectVarGradients((a) => a.softmax(axis), [t]);
    expectVarGradients((a) => a.logSoftmax(axis), [t]);
  });

  test('an axis out of range', () => {
    expect(() => new Var(Tensor.zeros([2, 3])).softmax(2)).toThrow('Var.softmax: expected an axis in [-2, 1] for a value of rank 2, got 2');
  });
});
