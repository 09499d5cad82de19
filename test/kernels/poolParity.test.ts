import { maxPoolForward, setBackend } from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import { maxPoolForward as maxPoolForwardJs, type PoolGeometry } from '../../src/kernels/pool';
import { createRng } from '../../src/tensor/rng';
import { bits, wasmArray } from '../helpers/wasmArrays';

/*
 * maxPoolForward on the wasm backend (asm/pool.ts through wasmDispatch.ts) against the TypeScript
 * reference: identical maxima (bit for bit) and argmax indices, with plain and resident arrays, for
 * the digits CNN's 2×2 pooling, overlapping 3×3 windows, ties, NaN and signed zeros, and a size
 * below the wasm threshold.
 */

function geometry(planes: number, height: number, width: number, kh: number, kw: number, sh: number, sw: number): PoolGeometry {
  return {
    planes, height, width, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw,
    outH: Math.floor((height - kh) / sh) + 1, outW: Math.floor((width - kw) / sw) + 1,
  };
}

const GEOMETRIES: Array<[string, PoolGeometry]> = [
  ['digits CNN: 64·16 planes 8×8, 2×2 stride 2', geometry(64 * 16, 8, 8, 2, 2, 2, 2)],
  ['overlapping 3×3 windows, stride 2×1', geometry(40, 9, 11, 3, 3, 2, 1)],
  ['a 1×4 window, stride 1×3, uneven edges', geometry(90, 5, 14, 1, 4, 1, 3)],
  ['below the wasm threshold', geometry(2, 4, 4, 2, 2, 2, 2)],
];

/** Coarse values (many ties), with NaN, -0 and +0 sprinkled in. */
function values(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: n }, () => Math.round(rng.uniform(-4, 4)) / 2);
  for (let i = 0; i < n; i += 37) out[i] = NaN;
  for (let i = 5; i < n; i += 41) out[i] = -0;
  return out;
}

describe.each(['plain', 'resident'] as const)('maxPoolForward on wasm with %s arrays', (kind) => {
  beforeAll(() => setBackend('wasm'));
  afterEach(() => backendState().wasm?.releaseResident());

  const array = (n: number): Float32Array => wasmArray(kind, n);

  it.each(GEOMETRIES)('%s: the maxima and argmax of the reference', (_, g) => {
    const x = array(g.planes * g.height * g.width);
    x.set(values(x.length, 7));
    const n = g.planes * g.outH * g.outW;
    const y = array(n).fill(7);
    const argmax = new Int32Array(n).fill(-1);
    const wantY = new Float32Array(n);
    const wantArgmax = new Int32Array(n);
    maxPoolForward(x, g, y, argmax);
    maxPoolForwardJs(x, g, wantY, wantArgmax);
    expect(bits(y)).toEqual(bits(wantY));
    expect(Array.from(argmax)).toEqual(Array.from(wantArgmax));
  });
});
