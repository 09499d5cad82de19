import { directConvFilterGrad, directConvForward, gemm, im2col, setBackend, type ConvGeometry } from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import {
  directConvApplies, directConvFilterGrad as directConvFilterGradJs, directConvForward as directConvForwardJs,
} from '../../src/kernels/directConv';
import { im2col as im2colJs } from '../../src/kernels/im2col';
import { createRng } from '../../src/tensor/rng';
import { bits, wasmArray } from '../helpers/wasmArrays';

/*
 * The direct stride-1 convolution (src/kernels/directConv.ts, asm/directConv.ts): the float64
 * reference against an independent oracle (im2col then a plain matrix product written out here),
 * and the wasm kernels bit-identical to the float32 reference, with plain and resident arrays,
 * for the digits CNN's shapes, odd sizes (scalar tails), 'valid' and uneven padding, any kernel
 * size, and non-finite values.
 */

/** Stride 1; 'same' splits the total padding with the odd one after (Conv2D's rule). */
function geometry(
  batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, padding: 'same' | 'valid' | [number, number, number, number],
): ConvGeometry {
  let [padTop, padLeft, padBottom, padRight] = [0, 0, 0, 0];
  if (padding === 'same') {
    padTop = Math.floor((kernelH - 1) / 2);
    padLeft = Math.floor((kernelW - 1) / 2);
    padBottom = kernelH - 1 - padTop;
    padRight = kernelW - 1 - padLeft;
  } else if (padding !== 'valid') {
    [padTop, padLeft, padBottom, padRight] = padding;
  }
  const outH = height + padTop + padBottom - kernelH + 1;
  const outW = width + padLeft + padRight - kernelW + 1;
  return { batch, channels, height, width, kernelH, kernelW, strideH: 1, strideW: 1, padTop, padLeft, outH, outW };
}

const GEOMETRIES: Array<[string, ConvGeometry, number]> = [
  ['digits conv 1: 64×1×8×8 → 16, 3×3 same', geometry(64, 1, 8, 8, 3, 3, 'same'), 16],
  ['digits conv 2: 64×16×4×4 → 32, 3×3 same', geometry(64, 16, 4, 4, 3, 3, 'same'), 32],
  ['odd sizes: 3×3×7×13 → 6, 3×3 same', geometry(3, 3, 7, 13, 3, 3, 'same'), 6],
  ['valid: 2×2×9×11 → 5, 3×3', geometry(2, 2, 9, 11, 3, 3, 'valid'), 5],
  ['2×5 kernel, uneven padding, 7 outputs', geometry(3, 2, 6, 10, 2, 5, [1, 0, 2, 3]), 7],
  ['1×1 kernel, 9 wide', geometry(2, 4, 5, 9, 1, 1, 'valid'), 3],
  ['padding wider than the kernel reach', geometry(2, 2, 5, 6, 3, 3, [3, 3, 3, 3]), 4],
];

function random(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  if (n > 3) out[2] = -0;
  return out;
}

/** The bit patterns with every NaN as 'NaN': a NaN's sign and payload are the engine's choice (JS canonicalises them, x64 makes them negative). */
const bitsOrNaN = (a: Float32Array): Array<number | string> => bits(a).map((v, i) => (Number.isNaN(a[i]) ? 'NaN' : v));

function sizes(g: ConvGeometry, out: number): { image: number; weights: number; outputs: number } {
  return {
    image: g.batch * g.channels * g.height * g.width,
    weights: out * g.channels * g.kernelH * g.kernelW,
    outputs: g.batch * out * g.outH * g.outW,
  };
}

describe('directConv reference (float64) against im2col and a written-out matrix product', () => {
  it.each(GEOMETRIES)('%s', (_, g, out) => {
    const { image, weights, outputs } = sizes(g, out);
    const x = Float64Array.from(random(image, 1));
    const w = Float64Array.from(random(weights, 2));
    const b = Float64Array.from(random(out, 3));
    const dy = Float64Array.from(random(outputs, 4));
    const rows = g.channels * g.kernelH * g.kernelW;
    const plane = g.outH * g.outW;
    const columns = g.batch * plane;
    const cols = new Float64Array(rows * columns);
    im2colJs(x, g, cols);
    const wantY = new Float64Array(outputs);
    const wantDw = new Float64Array(weights).fill(0.5);
    for (let o = 0; o < out; o++) {
      for (let col = 0; col < columns; col++) {
        const n = Math.floor(col / plane);
        const s = col % plane;
        let sum = 0;
        let grad = 0;
        for (let k = 0; k < rows; k++) sum += w[o * rows + k]! * cols[k * columns + col]!;
        wantY[(n * out + o) * plane + s] = sum + b[o]!;
        for (let k = 0; k < rows; k++) {
          grad = dy[(n * out + o) * plane + s]! * cols[k * columns + col]!;
          wantDw[o * rows + k]! += grad;
        }
      }
    }
    const y = new Float64Array(outputs);
    directConvForwardJs(x, w, b, g, out, y);
    y.forEach((v, i) => expect(v).toBeCloseTo(wantY[i]!, 12));
    const dw = new Float64Array(weights).fill(0.5);
    directConvFilterGradJs(x, dy, g, out, dw);
    dw.forEach((v, i) => expect(v).toBeCloseTo(wantDw[i]!, 10));
  });

  it('applies to stride 1 only', () => {
    expect(directConvApplies(geometry(1, 1, 4, 4, 3, 3, 'same'))).toBe(true);
    expect(directConvApplies({ ...geometry(1, 1, 4, 4, 3, 3, 'same'), strideW: 2 })).toBe(false);
  });

  it('float32 reference equals im2col + gemm summed in k order (bit for bit) on the js backend', () => {
    setBackend('js');
    const g = geometry(4, 3, 6, 7, 3, 3, 'same');
    const out = 5;
    const { image, weights, outputs } = sizes(g, out);
    const x = random(image, 5);
    const w = random(weights, 6);
    const y = new Float32Array(outputs);
    directConvForwardJs(x, w, undefined, g, out, y);
    // The same sums in float32 written out: Σ_k fround(w·col) in k order.
    const rows = g.channels * 9;
    const plane = g.outH * g.outW;
    const columns = g.batch * plane;
    const cols = new Float32Array(rows * columns);
    im2col(x, g, cols);
    const want = new Float32Array(outputs);
    for (let o = 0; o < out; o++) {
      for (let col = 0; col < columns; col++) {
        let acc = 0;
        for (let k = 0; k < rows; k++) acc = Math.fround(acc + Math.fround(w[o * rows + k]! * cols[k * columns + col]!));
        want[(Math.floor(col / plane) * out + o) * plane + (col % plane)] = acc;
      }
    }
    expect(bits(y)).toEqual(bits(want));
    // and within float32 rounding of the gemm
    const yT = new Float32Array(out * columns);
    gemm(false, false, out, columns, rows, 1, w, cols, 0, yT);
    for (let o = 0; o < out; o++) {
      for (let col = 0; col < columns; col++) {
        expect(yT[o * columns + col]).toBeCloseTo(want[(Math.floor(col / plane) * out + o) * plane + (col % plane)]!, 5);
      }
    }
  });
});

describe.each(['plain', 'resident'] as const)('directConv on wasm with %s arrays', (kind) => {
  beforeAll(() => setBackend('wasm'));
  afterAll(() => setBackend('js'));
  afterEach(() => backendState().wasm?.releaseResident());

  const array = (n: number, values?: Float32Array): Float32Array => {
    const a = wasmArray(kind, n);
    if (values) a.set(values);
    return a;
  };

  it.each(GEOMETRIES)('%s: forward and filter gradient bit-identical to the reference', (_, g, out) => {
    const { image, weights, outputs } = sizes(g, out);
    const x = array(image, random(image, 1));
    const w = array(weights, random(weights, 2));
    const b = array(out, random(out, 3));
    for (const bias of [b, undefined]) {
      const y = array(outputs).fill(NaN);
      const want = new Float32Array(outputs);
      directConvForward(x, w, bias, g, out, y);
      directConvForwardJs(x, w, bias, g, out, want);
      expect(bits(y)).toEqual(bits(want));
    }
    const dy = array(outputs, random(outputs, 4));
    const dw = array(weights, random(weights, 5));
    const wantDw = dw.slice();
    directConvFilterGrad(x, dy, g, out, dw);
    directConvFilterGradJs(x, dy, g, out, wantDw);
    expect(bits(dw)).toEqual(bits(wantDw));
  });

  it('propagates NaN and ±Inf exactly as the reference (an infinite weight over the padding gives NaN)', () => {
    const g = geometry(8, 2, 5, 9, 3, 3, 'same');
    const out = 6;
    const { image, weights, outputs } = sizes(g, out);
    const xs = random(image, 7);
    xs[0] = NaN;
    xs[17] = Infinity;
    xs[image - 1] = -Infinity;
    const ws = random(weights, 8);
    ws[0] = Infinity;
    ws[weights - 1] = NaN;
    const x = array(image, xs);
    const w = array(weights, ws);
    const y = array(outputs);
    const want = new Float32Array(outputs);
    directConvForward(x, w, undefined, g, out, y);
    directConvForwardJs(x, w, undefined, g, out, want);
    expect(bitsOrNaN(y)).toEqual(bitsOrNaN(want));
    expect(want.some(Number.isNaN)).toBe(true);
    const ds = random(outputs, 9);
    ds[5] = Infinity;
    const dy = array(outputs, ds);
    const dw = array(weights);
    const wantDw = new Float32Array(weights);
    directConvFilterGrad(x, dy, g, out, dw);
    directConvFilterGradJs(x, dy, g, out, wantDw);
    expect(bitsOrNaN(dw)).toEqual(bitsOrNaN(wantDw));
    expect(wantDw.some(Number.isNaN)).toBe(true);
  });
});
