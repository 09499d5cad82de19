import { DataError, ShapeError, Tensor, Var, concat, gather } from '../../../src';
import { expectClose, randomTensor } from '../../helpers/layerChecks';
import { expectVarGradients } from '../../helpers/varChecks';

const x = [
  [[1, 2, 3], [4, 5, 6]],
  [[7, 8, 9], [10, 11, 12]],
]; // [2, 2, 3]

describe('reshape and transpose', () => {
  test('reshape: same values, new shape (−1 inferred), gradient reshaped back', () => {
    expectClose(Var.from(x).reshape([3, -1]).value, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    expectVarGradients((a) => a.reshape([6, -1]).mul(a.reshape([6, 4]).sum(1, true)), [randomTensor([2, 3, 4], 1)]);
  });

  test('transpose: against hand values, default reverses the axes, negative axes allowed', () => {
    expectClose(Var.from(x).transpose([2, 0, 1]).value, [
      [[1, 4], [7, 10]],
      [[2, 5], [8, 11]],
      [[3, 6], [9, 12]],
    ]);
    expectClose(Var.from([[1, 2, 3]]).transpose().value, [[1], [2], [3]]);
    expectClose(Var.from(x).transpose([0, -1, -2]).value, Var.from(x).transpose([0, 2, 1]).value);
  });

  test.each([[[1, 0, 2]], [[2, 0, 1]], [[0, 2, 1]], [undefined]])('transpose %p: float64 gradient', (perm) => {
    expectVarGradients((a) => a.transpose(perm), [randomTensor([2, 3, 4], 2)]);
  });

  test('a bad permutation', () => {
    expect(() => Var.from(x).transpose([0, 0, 1])).toThrow(
      'Var.transpose: expected a permutation of the 3 axes of [2, 2, 3], got [0,0,1]',
    );
  });
});

describe('slice', () => {
  test('forward against hand values, negative axis and bounds', () => {
    expectClose(Var.from(x).slice(-1, 1, 3).value, [[[2, 3], [5, 6]], [[8, 9], [11, 12]]]);
    expectClose(Var.from(x).slice(1, -1).value, [[[4, 5, 6]], [[10, 11, 12]]]);
    expectClose(Var.from(x).slice(0, 0, 1).value, [[[1, 2, 3], [4, 5, 6]]]);
  });

  test.each([[0, 1, 2], [1, 0, 2], [-1, 1, 3]])('axis %p from %p to %p: float64 gradient (zero outside)', (axis, start, end) => {
    expectVarGradients((a) => a.slice(axis, start, end), [randomTensor([2, 3, 4], 3)]);
  });

  test('bounds out of range', () => {
    expect(() => Var.from(x).slice(2, 2, 4)).toThrow(
      'Var.slice: expected 0 ≤ start ≤ end ≤ 3 on axis 2 of [2, 2, 3], got start 2, end 4',
    );
  });
});

describe('concat', () => {
  test('forward against hand values along axis 0 and −1', () => {
    expectClose(concat([Var.from([[1, 2]]), Var.from([[3, 4], [5, 6]])], 0).value, [[1, 2], [3, 4], [5, 6]]);
    expectClose(concat([Var.from([[1], [2]]), Tensor.from([[3, 4], [5, 6]], undefined, 'float64')], -1).value, [[1, 3, 4], [2, 5, 6]]);
  });

  test.each([0, 1, 2, -1])('along axis %p: float64 gradients of every part', (axis) => {
    const shapes = [0, 1, 2].map((i) => [2, 3, 4].map((dim, d) => (d === (axis + 3) % 3 ? i + 1 : dim)));
    expectVarGradients((a, b, c) => concat([a, b, c], axis).tanh(), shapes.map((s, i) => randomTensor(s, 10 + i)));
  });

  test('parts that do not match', () => {
    expect(() => concat([Var.from([[1, 2]]), Var.from([[1, 2, 3]])], 0)).toThrow(
      'concat: expected values[1] to match values[0] [1, 2] on every axis but 0, got [1, 3]',
    );
    expect(() => concat([], 0)).toThrow(ShapeError);
  });
});

describe('gather', () => {
  const table = [[1, 2], [3, 4], [5, 6]];
  test('rows picked by a list or a Tensor of indices (embedding lookup)', () => {
    expectClose(gather(Var.from(table), [2, 0, 2]).value, [[5, 6], [1, 2], [5, 6]]);
    const ids = Tensor.from([[0, 1], [2, 2]]);
    expectClose(gather(Var.from(table), ids).value, [[[1, 2], [3, 4]], [[5, 6], [5, 6]]]);
  });

  test('the gradient scatter-adds: a row picked twice gets both', () => {
    const w = Var.from(table, { requiresGrad: true });
    gather(w, [2, 0, 2]).mul(Var.from([[1, 10], [100, 1000], [2, 20]])).sum().backward();
    expectClose(w.grad!, [[100, 1000], [0, 0], [3, 30]]);
    expectVarGradients((a) => gather(a, Tensor.from([[3, 1], [1, 0]])).sigmoid(), [randomTensor([4, 3], 4)]);
  });

  test('bad indices and shapes', () => {
    expect(() => gather(Var.from(table), [0, 3])).toThrow(new DataError('gather: expected indices that are integers in [0, 2], got 3 at position 1'));
    expect(() => gather(Var.from(table), [1.5])).toThrow('got 1.5 at position 0');
    expect(() => gather(Var.from([1, 2]), [0])).toThrow('gather: expected rows of shape [n, d], got [2]');
  });
});
