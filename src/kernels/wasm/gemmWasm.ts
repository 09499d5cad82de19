import type { GemmPool } from './GemmPool';
import { align, type WasmKernels } from './WasmKernels';

/**
 * Products with fewer multiply-adds (m·n·k) than this run on the calling thread alone: below it,
 * waking a worker and re-packing per chunk cost more than the second core saves (two threads ran
 * 0.5–0.9× below 1M multiply-adds, 1.15–1.6× from 2M, idle machine). Measured with
 * bench/crossover.ts on the benchmark machine (see README, Performance).
 */
export const PARALLEL_MIN_MACS = 1 << 21;
/** More chunks balance a late worker better; fewer re-pack the shared operand less often. */
const CHUNKS_PER_THREAD = 2;
let parallelMinMacs = PARALLEL_MIN_MACS;
let adaptive = true;

/**
 * For bench/crossover.ts and the tests only: the threshold above, and whether the pool may pause
 * splitting when it does not pay (GemmPool.active), so both paths can be timed at any size.
 */
export function setParallelMinMacs(macs: number, adaptiveSplit = true): void {
  parallelMinMacs = macs;
  adaptive = adaptiveSplit;
}

/** Cached views of the operand area, reused while the call sizes stay the same. */
let viewC: Float32Array | undefined;

/**
 * C = alpha · op(A) · op(B) + beta · C in float32 through the wasm module: A and B (and C when
 * beta ≠ 0) are copied into the shared memory, the product runs there, C is copied back. Copying
 * is a memcpy per operand, small against the O(m·n·k) product it feeds (measured in the bench).
 * An operand that is a live resident array (WasmKernels.allocResident) is used where it lies, and
 * a resident C is written in place.
 */
export function gemmWasm(
  wasm: WasmKernels, pool: GemmPool | undefined, threads: number,
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array,
): void {
  const sizeA = m * k;
  const sizeB = k * n;
  const sizeC = m * n;
  const resA = wasm.residentAddress(a);
  const resB = wasm.residentAddress(b);
  const resC = wasm.residentAddress(c);
  const bytesA = resA < 0 ? align(sizeA * 4) : 0;
  const bytesB = resB < 0 ? align(sizeB * 4) : 0;
  const base = wasm.reserve(bytesA + bytesB + (resC < 0 ? align(sizeC * 4) : 0));
  const offA = resA < 0 ? base : resA;
  const offB = resB < 0 ? base + bytesA : resB;
  const offC = resC < 0 ? base + bytesA + bytesB : resC;
  const heap = wasm.heap;
  if (resA < 0) heap.set(a.length === sizeA ? a : a.subarray(0, sizeA), offA >> 2);
  if (resB < 0) heap.set(b.length === sizeB ? b : b.subarray(0, sizeB), offB >> 2);
  if (resC < 0 && beta !== 0) heap.set(c.length === sizeC ? c : c.subarray(0, sizeC), offC >> 2);

  const split = pool !== undefined && threads > 1 && m * n * k >= parallelMinMacs && (!adaptive || pool.active());
  const workers = split ? pool.ensure(threads - 1) : 0;
  if (workers === 0) {
    const own = wasm.scratch[0]!;
    wasm.exports.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, offA, offB, beta, offC, 0, m, 0, n, own.packA, own.packB, own.tile);
  } else {
    // Cut the longer side of C (so the operand every chunk re-packs is the smaller one) into
    // CHUNKS_PER_THREAD chunks per thread on micro-tile boundaries, for load balance.
    const alongN = n >= m;
    const length = alongN ? n : m;
    const unit = alongN ? wasm.nr : wasm.mr;
    const chunk = Math.ceil(length / ((workers + 1) * CHUNKS_PER_THREAD) / unit) * unit;
    pool!.run(transA, transB, m, n, k, alpha, offA, offB, beta, offC, alongN, chunk, Math.ceil(length / chunk));
  }

  if (resC >= 0) return;
  if (!viewC || viewC.buffer !== heap.buffer || viewC.byteOffset !== offC || viewC.length !== sizeC) {
    viewC = new Float32Array(heap.buffer, offC, sizeC);
  }
  c.set(viewC);
}
