import { gemm, getBackend, setBackend, setThreads } from '../../src/kernels';
import { backendState, gemmPool } from '../../src/kernels/backend';
import { PARALLEL_MIN_MACS, setParallelMinMacs } from '../../src/kernels/wasm/gemmWasm';
import { createRng } from '../../src/tensor/rng';

/*
 * The wasm backend against the reference: float32 products on both backends must agree with a
 * float64 triple loop to float32 rounding, for odd sizes that exercise every edge tile and all
 * four transpose combinations, on one thread and split across two.
 */

function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i]! : a[i * k + p]!) * (transB ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]!);
    }
  }
  return out;
}

function random(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
}

/** Largest |got − want| over (k + 1)·2⁻²³ (the float32 rounding bound for |values| ≤ 1). */
function relativeError(got: Float32Array, want: Float64Array, k: number): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  return worst / ((k + 1) * 2 ** -23);
}

function check(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, beta: number, seed: number): void {
  const a = random(m * k, seed);
  const b = random(k * n, seed + 1);
  const c = random(m * n, seed + 2);
  const want = naive(transA, transB, m, n, k, alpha, a, b, beta, c);
  gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
  expect(relativeError(c, want, k)).toBeLessThan(4);
}

/** Waits until the worker pool has started (workers come up asynchronously). */
async function poolReady(threads: number): Promise<void> {
  const wasm = backendState().wasm;
  if (!wasm) throw new Error('wasm backend not loaded');
  for (let i = 0; i < 200 && gemmPool(wasm).ensure(threads - 1) < threads - 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(gemmPool(wasm).ensure(threads - 1)).toBe(threads - 1);
}

const DIMS = [1, 3, 17, 63, 65, 257];
const rng = createRng(7);
/** Every size appears in every position at least once, plus random mixes. */
const shapes: Array<[number, number, number]> = [
  ...DIMS.map((d): [number, number, number] => [d, DIMS[(DIMS.indexOf(d) + 1) % 6]!, DIMS[(DIMS.indexOf(d) + 2) % 6]!]),
  ...Array.from({ length: 6 }, (): [number, number, number] => [DIMS[rng.int(6)]!, DIMS[rng.int(6)]!, DIMS[rng.int(6)]!]),
  // Across the block sizes of the wasm kernel: KC = 256 along k, MC = 120 along m, NC = 512 along n.
  [20, 24, 300],
  [130, 520, 9],
];

describe.each(['js', 'wasm'] as const)('gemm float32 on the %s backend', (backend) => {
  beforeAll(() => {
    setBackend(backend);
    setThreads(1);
  });
  afterAll(() => setBackend('wasm'));

  it('is the selected backend', () => {
    expect(getBackend()).toBe(backend);
  });

  for (const [m, n, k] of shapes) {
    it(`agrees with float64 for m=${m} n=${n} k=${k}, all transposes, alpha and beta`, () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          check(transA, transB, m, n, k, 1, 0, m + n + k);
          check(transA, transB, m, n, k, -0.5, 1, m * n + k);
          check(transA, transB, m, n, k, 2, 0.25, m + n * k);
        }
      }
    });
  }

  it('drops NaN already in C when beta is 0', () => {
    const c = new Float32Array([NaN, NaN, NaN, NaN]);
    gemm(false, false, 2, 2, 1, 1, new Float32Array([1, 2]), new Float32Array([3, 4]), 0, c);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
  });

  it('leaves C scaled by beta when k is 0', () => {
    const c = new Float32Array([1, 2, 3]);
    gemm(false, false, 1, 3, 0, 1, new Float32Array(0), new Float32Array(0), 2, c);
    expect(Array.from(c)).toEqual([2, 4, 6]);
  });
});

describe('gemm float32 on the wasm backend, split across two threads', () => {
  beforeAll(async () => {
    setBackend('wasm');
    setThreads(2);
    // Split every product, however small, so odd sizes exercise the chunk edges cheaply.
    setParallelMinMacs(0, false);
    await poolReady(2);
  });
  afterAll(() => {
    setParallelMinMacs(PARALLEL_MIN_MACS);
    setThreads(1);
  });

  // Split along n (wide) and along m (tall), with chunks that end inside a micro-tile.
  const shapes2: Array<[number, number, number]> = [[65, 257, 63], [257, 65, 63], [3, 17, 65], [17, 3, 257], [1, 63, 1]];
  for (const [m, n, k] of shapes2) {
    it(`agrees with float64 for m=${m} n=${n} k=${k}, all transposes`, () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) check(transA, transB, m, n, k, 1.5, 0.5, m + 2 * n + k);
      }
    });
  }
});
