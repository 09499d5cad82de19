import { maxPoolBackward, maxPoolForward, setBackend } from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import {
  maxPoolBackward as maxPoolBackwardJs, maxPoolForward as maxPoolForwardJs, type PoolGeometry,
} from '../../src/kernels/pool';
import type { WasmKernels } from '../../src/kernels/wasm/WasmKernels';
import { createRng } from '../../src/tensor/rng';
import { bits, bitsOrNaN, wasmArray, wasmIndexArray, type ArrayKind } from '../helpers/wasmArrays';

/*
 * Max pooling on the wasm backend (asm/pool.ts through wasmDispatch.ts) against the TypeScript
 * reference: identical maxima (bit for bit) and argmax indices forward, identical dx backward
 * (dx[argmax[o]] += dy[o] in the reference's order), with plain and resident arrays (argmax
 * included), for the 2×2 stride-2 SIMD path (whole groups of four windows and scalar tails, odd
 * heights and widths) and the scalar path (3×3 stride 1, overlapping 3×3 stride 2, 1×4), ties,
 * NaN, ±Inf and signed zeros, random shapes, and sizes below the wasm threshold.
 */

function geometry(planes: number, height: number, width: number, kh: number, kw: number, sh: number, sw: number): PoolGeometry {
  return {
    planes, height, width, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw,
    outH: Math.floor((height - kh) / sh) + 1, outW: Math.floor((width - kw) / sw) + 1,
  };
}

/** Random shapes (seeded): 2×2 stride 2 with heights and widths of either parity, and other windows. */
function randomGeometries(): Array<[string, PoolGeometry]> {
  const rng = createRng(41);
  const out: Array<[string, PoolGeometry]> = [];
  const windows: Array<[number, number, number, number]> = [[2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2], [3, 3, 1, 1], [3, 3, 2, 2], [2, 3, 1, 2]];
  for (const [kh, kw, sh, sw] of windows) {
    const height = kh + rng.int(14);
    const width = kw + rng.int(22);
    const g = geometry(0, height, width, kh, kw, sh, sw);
    const planes = Math.ceil(1100 / (g.outH * g.outW)) + rng.int(5);
    out.push([`random: ${planes} planes ${height}×${width}, ${kh}×${kw} stride ${sh}×${sw}`, { ...g, planes }]);
  }
  return out;
}

const GEOMETRIES: Array<[string, PoolGeometry]> = [
  ['digits CNN: 64·16 planes 8×8, 2×2 stride 2', geometry(64 * 16, 8, 8, 2, 2, 2, 2)],
  ['2×2 stride 2, odd 9×11: four windows and a scalar tail of one per row', geometry(120, 9, 11, 2, 2, 2, 2)],
  ['2×2 stride 2, 13×7: three windows a row, all scalar', geometry(200, 13, 7, 2, 2, 2, 2)],
  ['2×2 stride 2, 3×19: one row of nine windows', geometry(300, 3, 19, 2, 2, 2, 2)],
  ['3×3 stride 1', geometry(30, 10, 9, 3, 3, 1, 1)],
  ['overlapping 3×3 windows, stride 2', geometry(50, 11, 9, 3, 3, 2, 2)],
  ['overlapping 3×3 windows, stride 2×1', geometry(40, 9, 11, 3, 3, 2, 1)],
  ['a 1×4 window, stride 1×3, uneven edges', geometry(90, 5, 14, 1, 4, 1, 3)],
  ...randomGeometries(),
  ['below the wasm threshold', geometry(2, 4, 4, 2, 2, 2, 2)],
  ['2×2 stride 2 below the wasm threshold', geometry(3, 9, 9, 2, 2, 2, 2)],
];

/** Coarse values (many ties), with NaN, ±Inf, -0 and +0 sprinkled in. */
function values(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: n }, () => Math.round(rng.uniform(-4, 4)) / 2);
  for (let i = 0; i < n; i += 37) out[i] = NaN;
  for (let i = 5; i < n; i += 41) out[i] = -0;
  for (let i = 11; i < n; i += 43) out[i] = 0;
  for (let i = 17; i < n; i += 53) out[i] = Infinity;
  for (let i = 23; i < n; i += 59) out[i] = -Infinity;
  return out;
}

/** Windows whose every value is the same special one: ties of -0 and +0, all NaN, all ±Inf. */
function specialPlanes(x: Float32Array, g: PoolGeometry): void {
  const specials = [NaN, -0, 0, Infinity, -Infinity];
  const plane = g.height * g.width;
  for (let p = 0; p < Math.min(g.planes, 3 * specials.length); p++) {
    const v = specials[p % specials.length] as number;
    for (let k = 0; k < plane; k++) x[p * plane + k] = p < specials.length ? v : k % 2 === 0 ? v : -v;
  }
}

function wasm(): WasmKernels {
  const kernels = backendState().wasm;
  if (!kernels) throw new Error('the wasm module is not built: run npm run build');
  return kernels;
}

describe.each(['plain', 'resident'] as const)('max pooling on wasm with %s arrays', (kind: ArrayKind) => {
  beforeAll(() => setBackend('wasm'));
  afterEach(() => wasm().releaseResident());

  const array = (n: number): Float32Array => wasmArray(kind, n);

  it.each(GEOMETRIES)('forward, %s: the maxima and argmax of the reference', (_, g) => {
    const x = array(g.planes * g.height * g.width);
    x.set(values(x.length, 7));
    specialPlanes(x, g);
    const n = g.planes * g.outH * g.outW;
    const y = array(n).fill(7);
    const argmax = wasmIndexArray(kind, n).fill(-1);
    const wantY = new Float32Array(n);
    const wantArgmax = new Int32Array(n);
    maxPoolForward(x, g, y, argmax);
    maxPoolForwardJs(x, g, wantY, wantArgmax);
    expect(bits(y)).toEqual(bits(wantY));
    expect(Array.from(argmax)).toEqual(Array.from(wantArgmax));
  });

  it.each(GEOMETRIES)('backward, %s: the dx of the reference, added to what dx held', (_, g) => {
    const image = g.planes * g.height * g.width;
    const n = g.planes * g.outH * g.outW;
    const x = values(image, 3);
    const argmax = wasmIndexArray(kind, n);
    maxPoolForwardJs(x, g, new Float32Array(n), argmax);
    const dy = array(n);
    dy.set(values(n, 9));
    const start = createRng(4);
    const dx = array(image);
    for (let i = 0; i < image; i++) dx[i] = i % 3 === 0 ? 0 : start.uniform(-1, 1);
    const want = dx.slice();
    maxPoolBackward(dy, argmax, dx);
    maxPoolBackwardJs(dy, argmax, want);
    expect(bitsOrNaN(dx)).toEqual(bitsOrNaN(want));
  });
});

describe('max pooling backward on wasm: overlapping windows and indices', () => {
  beforeAll(() => setBackend('wasm'));
  afterEach(() => wasm().releaseResident());

  it('adds in the order of the outputs where overlapping windows share a maximum', () => {
    // One large value per plane, at the centre of a 5×5 plane: all four overlapping 3×3 stride-2
    // windows route to it; dy values whose float32 sum depends on the order.
    const g = geometry(400, 5, 5, 3, 3, 2, 2);
    const x = new Float32Array(g.planes * 25);
    for (let p = 0; p < g.planes; p++) x[p * 25 + 12] = 1;
    const n = g.planes * g.outH * g.outW;
    const argmax = new Int32Array(n);
    maxPoolForwardJs(x, g, new Float32Array(n), argmax);
    expect(argmax.slice(0, 4)).toEqual(Int32Array.from([12, 12, 12, 12]));
    const dy = Float32Array.from({ length: n }, (_, o) => [1e8, 1, -1e8, 3][o % 4] as number * (1 + (o % 7) / 8));
    const dx = new Float32Array(x.length);
    const want = new Float32Array(x.length);
    maxPoolBackward(dy, argmax, dx);
    maxPoolBackwardJs(dy, argmax, want);
    expect(bits(dx)).toEqual(bits(want));
    // The order matters here: the same values summed in reverse give another float32.
    const reversed = Math.fround(Math.fround(Math.fround(dy[3]! + dy[2]!) + dy[1]!) + dy[0]!);
    expect(dx[12]).not.toBe(reversed);
  });

  it('skips indices outside dx as the reference does, writing nothing outside it', () => {
    const n = 2048;
    const dx = wasm().allocResident(64)!;
    const after = wasm().allocResident(16)!.fill(5);
    const argmax = Int32Array.from({ length: n }, (_, o) => (o % 5 === 0 ? -1 : o % 7 === 0 ? 64 : o % 64));
    const dy = Float32Array.from({ length: n }, (_, o) => (o % 9) - 4);
    const want = new Float32Array(64);
    maxPoolBackward(dy, argmax, dx);
    maxPoolBackwardJs(dy, argmax, want);
    expect(bits(dx)).toEqual(bits(want));
    expect(Array.from(after)).toEqual(new Array(16).fill(5));
  });

  it('keeps a resident argmax in place across a memory.grow: forward writes it, backward reads it', () => {
    const kernels = wasm();
    const g = geometry(64 * 16, 8, 8, 2, 2, 2, 2);
    const n = g.planes * g.outH * g.outW;
    const argmax = kernels.allocResidentInt32(n)!;
    const bufferBefore = kernels.memory.buffer;
    // A resident array larger than the whole memory forces it to grow (a new SharedArrayBuffer).
    expect(kernels.allocResident(bufferBefore.byteLength / 4 + 65536)).toBeDefined();
    expect(kernels.memory.buffer).not.toBe(bufferBefore);
    expect(kernels.residentAddress(argmax)).toBeGreaterThanOrEqual(0);
    const x = values(g.planes * 64, 12);
    const y = new Float32Array(n);
    const wantY = new Float32Array(n);
    const wantArgmax = new Int32Array(n);
    maxPoolForward(x, g, y, argmax);
    maxPoolForwardJs(x, g, wantY, wantArgmax);
    expect(Array.from(argmax)).toEqual(Array.from(wantArgmax));
    // The module reads the same bytes: backward through the resident view equals the reference.
    const dy = values(n, 13);
    const dx = new Float32Array(x.length);
    const wantDx = new Float32Array(x.length);
    maxPoolBackward(dy, argmax, dx);
    maxPoolBackwardJs(dy, wantArgmax, wantDx);
    expect(bitsOrNaN(dx)).toEqual(bitsOrNaN(wantDx));
  });
});
