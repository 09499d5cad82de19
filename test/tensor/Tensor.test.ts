import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

describe('Tensor', () => {
  it('infers the shape of nested arrays and stores them row-major', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.get(1, 0)).toBe(4);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('takes flat and typed arrays with a shape, copying them', () => {
    const source = new Float64Array([1, 2, 3, 4]);
    const t = Tensor.from(source, [2, 2]);
    expect(t.dtype).toBe('float64');
    source[0] = 99;
    expect(t.get(0, 0)).toBe(1);
    expect(Tensor.from([1, 2, 3]).shape).toEqual([3]);
    expect(Tensor.from([1, 2, 3, 4, 5, 6], [3, 2], 'float64').toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('refuses ragged arrays and wrong sizes, naming what is wrong', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => Tensor.from([[1, 2], [3]])).toThrow('ragged nested array at [1]: expected length 2, got 1');
    expect(() => Tensor.from([1, 2, 3], [2, 2])).toThrow('Tensor: expected 4 values for shape [2, 2], got 3');
    expect(() => Tensor.zeros([2, -1])).toThrow('expected a shape of non-negative integers, got [2, -1]');
  });

  it('creates zeros, ones, full and seeded random tensors reproducibly', () => {
    expect(Array.from(Tensor.zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(Tensor.ones([3], 'float64').data)).toEqual([1, 1, 1]);
    const a = Tensor.randn([1000], createRng(5), 'float64');
    const b = Tensor.randn([1000], createRng(5), 'float64');
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const values = Array.from(a.data);
    const mean = values.reduce((s, v) => s + v, 0) / a.size;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / a.size;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
    const u = Tensor.uniform([1000], 2, 3, createRng(6));
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });

  it('reshapes as a view sharing data, with one inferred dimension', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const r = t.reshape([3, -1]);
    expect(r.shape).toEqual([3, 2]);
    r.data[0] = 10;
    expect(t.get(0, 0)).toBe(10);
    expect(() => t.reshape([4, 2])).toThrow('reshape: expected a shape with 6 elements for [2, 3], got [4, 2]');
  });

  it('clones and casts into independent storage', () => {
    const t = Tensor.from([1.5, 2.5]);
    const c = t.clone();
    c.data[0] = 0;
    expect(t.data[0]).toBe(1.5);
    expect(t.astype('float64').dtype).toBe('float64');
  });

  it('round-trips through mathjs matrices', () => {
    const m = math.matrix([[1, 2], [3, 4], [5, 6]]);
    const t = Tensor.fromMatrix(m);
    expect(t.shape).toEqual([3, 2]);
    const product = math.multiply(t.toMatrix(), math.matrix([[1], [1]])) as math.Matrix;
    expect(product.toArray()).toEqual([[3], [7], [11]]);
    expect(t.toMatrix().size()).toEqual([3, 2]);
  });

  it('handles scalars and slices rows', () => {
    expect(Tensor.from(3).toArray()).toBe(3);
    const t = Tensor.from([[1, 2], [3, 4], [5, 6]]);
    expect(t.sliceRows(1, 3).toArray()).toEqual([[3, 4], [5, 6]]);
  });
});
