import { col2im, im2col, swapLeadingAxes, type ConvGeometry } from '../../src/kernels';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

const geometry: ConvGeometry = {
  batch: 2, channels: 3, height: 5, width: 4, kernelH: 3, kernelW: 2,
  strideH: 2, strideW: 1, padTop: 1, padLeft: 0, outH: 3, outW: 3,
};
const rows = geometry.channels * geometry.kernelH * geometry.kernelW;
const columns = geometry.batch * geometry.outH * geometry.outW;

describe('im2col / col2im', () => {
  it('puts x[n, c, oy·sh − pt + i, ox·sw − pl + j] (or 0 in the padding) in each column', () => {
    const x = Tensor.uniform([2, 3, 5, 4], -1, 1, createRng(1), 'float64');
    const cols = new Float64Array(rows * columns).fill(NaN);
    im2col(x.data, geometry, cols);
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 2; j++)
          for (let n = 0; n < 2; n++)
            for (let oy = 0; oy < 3; oy++)
              for (let ox = 0; ox < 3; ox++) {
                const iy = oy * 2 - 1 + i;
                const ix = ox + j;
                const expected = iy >= 0 && iy < 5 && ix < 4 ? x.get(n, c, iy, ix) : 0;
                expect(cols[((c * 3 + i) * 2 + j) * columns + (n * 3 + oy) * 3 + ox]).toBe(expected);
              }
  });

  it('col2im is the adjoint of im2col: ⟨im2col(x), d⟩ = ⟨x, col2im(d)⟩', () => {
    const x = Tensor.uniform([2, 3, 5, 4], -1, 1, createRng(2), 'float64');
    const d = Tensor.uniform([rows, columns], -1, 1, createRng(3), 'float64');
    const cols = new Float64Array(rows * columns);
    im2col(x.data, geometry, cols);
    const folded = new Float64Array(x.size);
    col2im(d.data, geometry, folded);
    let left = 0;
    let right = 0;
    cols.forEach((v, k) => (left += v * (d.data[k] as number)));
    folded.forEach((v, k) => (right += v * (x.data[k] as number)));
    expect(left).toBeCloseTo(right, 12);
  });

  it('swapLeadingAxes moves [rows, cols, inner] to [cols, rows, inner] and back', () => {
    const x = Float64Array.from({ length: 2 * 3 * 2 }, (_, i) => i);
    const swapped = new Float64Array(x.length);
    swapLeadingAxes(x, 2, 3, 2, swapped);
    expect(Array.from(swapped)).toEqual([0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11]);
    const back = new Float64Array(x.length);
    swapLeadingAxes(swapped, 3, 2, 2, back);
    expect(Array.from(back)).toEqual(Array.from(x));
  });
});
