import { gemm, kernels } from '../../src';

describe('kernels at the package root', () => {
  it('exports gemm by name and under kernels, the same function', () => {
    expect(gemm).toBe(kernels.gemm);
    const c = new Float32Array(4);
    // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
    gemm(false, true, 2, 2, 2, 1, new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), 0, c);
    expect(Array.from(c)).toEqual([17, 23, 39, 53]);
  });
});
