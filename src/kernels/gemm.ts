import type { FloatArray } from '../tensor/Tensor';
import { backendState, gemmPool } from './backend';
import { gemmJs } from './gemmJs';
import { gemmWasm } from './wasm/gemmWasm';

/**
 * C = alpha · op(A) · op(B) + beta · C, row-major; op(A): [m, k] (A stored [k, m] when transA),
 * op(B): [k, n] (B stored [n, k] when transB), C: [m, n]. beta = 0 overwrites C (NaN in C is
 * dropped). Float32 operands run on the current backend (see setBackend); float64 always runs the
 * reference TypeScript kernel in gemmJs.ts.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  const s = backendState();
  const wasm = s.wasm;
  if (
    s.backend === 'wasm' && wasm &&
    a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array &&
    m > 0 && n > 0 && wasm.canHold(4 * (m * k + k * n + m * n) + 192)
  ) {
    const pool = s.threads > 1 ? gemmPool(wasm) : undefined;
    gemmWasm(wasm, pool, s.threads, transA, transB, m, n, k, alpha, a, b, beta, c);
    return;
  }
  gemmJs(transA, transB, m, n, k, alpha, a, b, beta, c);
}
