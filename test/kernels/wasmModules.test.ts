import { gemmWasm } from '../../src/kernels/wasm/gemmWasm';
import { WASM_MODULES, WasmKernels } from '../../src/kernels/wasm/WasmKernels';
import { createRng } from '../../src/tensor/rng';

/*
 * The two builds of asm/ — kubiki-fma.wasm (f32x4.relaxed_madd) and kubiki.wasm (f32x4.mul then
 * f32x4.add) — each against a float64 triple loop at the float32 rounding bound, and against each
 * other: they may differ by rounding only. Shapes cover edge tiles, every transpose and the KC/MC/NC
 * block boundaries.
 */

function random(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
}

function reference(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i]! : a[i * k + p]!) * (transB ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = alpha * s + beta * c[i * n + j]!;
    }
  }
  return out;
}

/** Largest |x − y| in units of (k + 1)·2⁻²³, the float32 rounding bound for |values| ≤ 1. */
function distance(x: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst / ((k + 1) * 2 ** -23);
}

const modules = Object.fromEntries(WASM_MODULES.map((name) => [name, WasmKernels.loadModule(name)]));
const shapes: Array<[number, number, number]> = [[1, 1, 1], [3, 17, 63], [65, 9, 257], [64, 256, 300], [130, 520, 9]];

describe('the wasm builds', () => {
  it('both compile on this runtime and say which they are', () => {
    expect(modules['kubiki-fma.wasm']?.name).toBe('kubiki-fma.wasm');
    expect(modules['kubiki-fma.wasm']?.fma).toBe(true);
    expect(modules['kubiki.wasm']?.name).toBe('kubiki.wasm');
    expect(modules['kubiki.wasm']?.fma).toBe(false);
  });

  it('load() prefers the FMA build and falls back to the plain one when FMA is off', () => {
    expect(WasmKernels.load()?.name).toBe('kubiki-fma.wasm');
    expect(WasmKernels.load(false)?.name).toBe('kubiki.wasm');
  });

  for (const [m, n, k] of shapes) {
    it(`agree with float64 and with each other for m=${m} n=${n} k=${k}, all transposes`, () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = random(m * k, m + k);
          const b = random(k * n, n + k);
          const c0 = random(m * n, m + n);
          const want = reference(transA, transB, m, n, k, 1.5, a, b, 0.5, c0);
          const got = WASM_MODULES.map((name) => {
            const c = c0.slice();
            gemmWasm(modules[name]!, undefined, 1, transA, transB, m, n, k, 1.5, a, b, 0.5, c);
            expect(distance(c, want, k)).toBeLessThan(4);
            return c;
          });
          expect(distance(got[0]!, got[1]!, k)).toBeLessThan(4);
        }
      }
    });
  }

  it('differ at all (the FMA build really fuses: one rounding instead of two)', () => {
    // Sum over k in order: −(1 + 2⁻¹¹), then + x² with x = 1 + 2⁻¹². x² = 1 + 2⁻¹¹ + 2⁻²⁴ needs 25
    // bits: fused, the sum is exactly 2⁻²⁴; rounding x² to float32 first loses it and leaves 0.
    // (V8 fuses relaxed_madd on x64 CPUs with FMA3 and on arm64, i.e. on every machine this runs.)
    const x = 1 + 2 ** -12;
    const a = new Float32Array([-1, x]);
    const b = new Float32Array([1 + 2 ** -11, x]);
    const results = WASM_MODULES.map((name) => {
      const c = new Float32Array(1);
      gemmWasm(modules[name]!, undefined, 1, false, false, 1, 1, 2, 1, a, b, 0, c);
      return c[0];
    });
    expect(results).toEqual([2 ** -24, 0]);
  });
});
