import { col2im, im2col, setBackend, swapLeadingAxes, type ConvGeometry } from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import { col2im as col2imJs, im2col as im2colJs, swapLeadingAxes as swapLeadingAxesJs } from '../../src/kernels/im2col';
import { createRng } from '../../src/tensor/rng';
import { bits, wasmArray } from '../helpers/wasmArrays';

/*
 * Conv2D's data movement on the wasm backend (asm/conv.ts through wasmDispatch.ts) against the
 * TypeScript references: bit-identical, with plain arrays (copied in and out) and with resident
 * ones (used in place), for 'same' 3×3, strides, asymmetric kernels and padding, and sizes on both
 * sides of the wasm threshold.
 */

function geometry(
  batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number,
  strideH: number, strideW: number, padTop: number, padLeft: number, padBottom: number, padRight: number,
): ConvGeometry {
  const outH = Math.floor((height + padTop + padBottom - kernelH) / strideH) + 1;
  const outW = Math.floor((width + padLeft + padRight - kernelW) / strideW) + 1;
  return { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft, outH, outW };
}

const GEOMETRIES: Array<[string, ConvGeometry]> = [
  ['digits conv 1: 64×1×8×8, 3×3 same', geometry(64, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1)],
  ['digits conv 2: 64×16×4×4, 3×3 same', geometry(64, 16, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1)],
  ['stride 2, 2×3 kernel, uneven padding', geometry(5, 3, 9, 7, 2, 3, 2, 2, 1, 0, 0, 2)],
  ['stride 1×3, no padding', geometry(4, 2, 6, 11, 3, 2, 1, 3, 0, 0, 0, 0)],
  ['padding wider than the kernel reach', geometry(3, 2, 5, 5, 3, 3, 1, 1, 3, 3, 3, 3)],
  ['below the wasm threshold', geometry(1, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1)],
];

function random(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  if (n > 3) out[2] = -0;
  return out;
}

describe.each(['plain', 'resident'] as const)('im2col, col2im and swapLeadingAxes on wasm with %s arrays', (kind) => {
  beforeAll(() => setBackend('wasm'));
  afterEach(() => backendState().wasm?.releaseResident());

  const array = (n: number): Float32Array => wasmArray(kind, n);

  it.each(GEOMETRIES)('%s: bit-identical to the reference', (_, g) => {
    const image = g.batch * g.channels * g.height * g.width;
    const columns = g.channels * g.kernelH * g.kernelW * g.batch * g.outH * g.outW;
    const x = array(image);
    x.set(random(image, 1));
    const cols = array(columns).fill(NaN);
    const wantCols = new Float32Array(columns);
    im2col(x, g, cols);
    im2colJs(x, g, wantCols);
    expect(bits(cols)).toEqual(bits(wantCols));

    const dcols = array(columns);
    dcols.set(random(columns, 2));
    const dx = array(image);
    dx.set(random(image, 3));
    const wantDx = dx.slice();
    col2im(dcols, g, dx);
    col2imJs(dcols, g, wantDx);
    expect(bits(dx)).toEqual(bits(wantDx));

    const inner = g.outH * g.outW;
    const rows = g.batch;
    const chans = columns / (rows * inner);
    const out = array(columns).fill(NaN);
    const wantOut = new Float32Array(columns);
    swapLeadingAxes(cols, rows, chans, inner, out);
    swapLeadingAxesJs(cols, rows, chans, inner, wantOut);
    expect(bits(out)).toEqual(bits(wantOut));
  });
});
