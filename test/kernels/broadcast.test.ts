import { broadcastBinary, broadcastTo, permute, reduceToShape } from '../../src/kernels';

/* The broadcasting kernels on small arrays, against values written out by hand. */

describe('broadcast kernels', () => {
  test('broadcastBinary: [2,3] + [3], [2,1] · [1,3], [2,3] / scalar', () => {
    const out = new Float64Array(6);
    broadcastBinary('add', Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3], Float64Array.of(10, 20, 30), [3], out, [2, 3]);
    expect(Array.from(out)).toEqual([11, 22, 33, 14, 25, 36]);
    broadcastBinary('mul', Float64Array.of(2, 3), [2, 1], Float64Array.of(1, 10, 100), [1, 3], out, [2, 3]);
    expect(Array.from(out)).toEqual([2, 20, 200, 3, 30, 300]);
    broadcastBinary('div', Float64Array.of(2, 4, 6, 8, 10, 12), [2, 3], Float64Array.of(2), [], out, [2, 3]);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
    broadcastBinary('sub', Float64Array.of(1), [1], Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3], out, [2, 3]);
    expect(Array.from(out)).toEqual([0, -1, -2, -3, -4, -5]);
  });

  test('reduceToShape sums the broadcast dimensions, with alpha and beta', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12); // [2, 2, 3]
    const rows = new Float64Array(3);
    reduceToShape(x, [2, 2, 3], rows, [3]);
    expect(Array.from(rows)).toEqual([22, 26, 30]);
    const middle = Float64Array.of(1, 1);
    reduceToShape(x, [2, 2, 3], middle, [2, 1], 0.5, 1); // out = out + 0.5·Σ over axes 0 and 2
    expect(Array.from(middle)).toEqual([1 + 0.5 * (6 + 24), 1 + 0.5 * (15 + 33)]);
    const all = new Float64Array(1);
    reduceToShape(x, [2, 2, 3], all, []);
    expect(all[0]).toBe(78);
  });

  test('broadcastTo repeats and scales', () => {
    const out = new Float64Array(6);
    broadcastTo(Float64Array.of(1, 2), [2, 1], out, [2, 3], 2);
    expect(Array.from(out)).toEqual([2, 2, 2, 4, 4, 4]);
  });

  test('permute: a [2,3] transpose and a rank-3 permutation', () => {
    const out = new Float64Array(6);
    permute(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0], out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
    const out3 = new Float64Array(8);
    permute(Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7), [2, 2, 2], [2, 0, 1], out3); // out[k,i,j] = x[i,j,k]
    expect(Array.from(out3)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
  });
});
