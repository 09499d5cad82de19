import { gemm } from '../../src/kernels';
import { createRng } from '../../src/tensor/rng';

/** The textbook triple loop, the oracle for the blocked kernel. */
function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, b: Float64Array, beta: number, c: Float64Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transB ? b[j * k + p]! : b[p * n + j]!;
        s += av * bv;
      }
      out[i * n + j] = alpha * s + beta * c[i * n + j]!;
    }
  }
  return out;
}

function random(size: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: size }, () => rng.uniform(-1, 1));
}

describe('gemm', () => {
  const sizes: Array<[number, number, number]> = [
    [1, 1, 1], [3, 5, 7], [17, 1, 63], [65, 33, 257], [4, 4, 4], [130, 6, 300],
  ];
  for (const [m, n, k] of sizes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matches the triple loop for m=${m} n=${n} k=${k} transA=${transA} transB=${transB}`, () => {
          const a = random(m * k, 1);
          const b = random(k * n, 2);
          const c = random(m * n, 3);
          const expected = naive(transA, transB, m, n, k, 0.5, a, b, 2, c);
          gemm(transA, transB, m, n, k, 0.5, a, b, 2, c);
          for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(expected[i]!, 10);
        });
      }
    }
  }

  it('ignores NaN already in C when beta is 0', () => {
    const c = new Float32Array([NaN, NaN, NaN, NaN]);
    gemm(false, false, 2, 2, 1, 1, new Float32Array([1, 2]), new Float32Array([3, 4]), 0, c);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
  });
});
