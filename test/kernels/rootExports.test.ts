import * as kubiki from '../../src';
import { gemm } from '../../src';

describe('kernels at the package root', () => {
  it('exports gemm by name', () => {
    const c = new Float32Array(4);
    // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
    gemm(false, true, 2, 2, 2, 1, new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), 0, c);
    expect(Array.from(c)).toEqual([17, 23, 39, 53]);
  });

  it('exports the backend switches by name and no longer every kernel wholesale', () => {
    expect(typeof kubiki.setBackend).toBe('function');
    expect(typeof kubiki.getThreads).toBe('function');
    expect('kernels' in kubiki).toBe(false);
    expect('squaredErrorSum' in kubiki).toBe(false);
  });
});
