import type { FloatArray } from '../tensor/Tensor';
import { gemm } from './gemm';

/**
 * For each of `batch` products: C_i = alpha · op(A_i) · op(B_i) + beta · C_i, where operand i
 * starts at i · stride in its array (stride 0 shares one matrix across the batch; a shared C
 * sums the products: beta applies to the first one only). Each product runs through gemm, so the
 * float32 ones go to the selected backend.
 */
export function gemmBatched(
  transA: boolean, transB: boolean, batch: number, m: number, n: number, k: number, alpha: number,
  a: FloatArray, strideA: number, b: FloatArray, strideB: number, beta: number, c: FloatArray, strideC: number,
): void {
  for (let i = 0; i < batch; i++) {
    gemm(
      transA, transB, m, n, k, alpha,
      a.subarray(i * strideA, i * strideA + m * k),
      b.subarray(i * strideB, i * strideB + k * n),
      strideC === 0 && i > 0 ? 1 : beta,
      c.subarray(i * strideC, i * strideC + m * n),
    );
  }
}
