import type { FloatArray } from '../tensor/Tensor';
import type { ConvGeometry } from './im2col';

/*
 * Direct convolution (no unfolded column matrix) for stride 1, NCHW, any kernel size, padding and
 * channel counts: the reference that asm/directConv.ts must match bit for bit on float32.
 *
 * Summation order (the contract): for each output, a sum that starts at +0 and adds the products
 * w[o, c, i, j] · x[n, c, oy − pt + i, ox − pl + j] for c, then i, then j ascending, a position
 * in the padding contributing w · 0 (so an infinite weight there gives NaN, as with im2col + gemm);
 * the bias is added to the finished sum. On float32 every product and every partial sum is
 * rounded to float32 (Math.fround), as wasm's f32 mul and add do; on float64 nothing is rounded.
 * This is the order of im2col's rows, so the result is the same as W·im2col(x) summed in k order.
 */

/** Whether the geometry is one the direct kernel computes: stride 1 on both axes. */
export function directConvApplies(g: ConvGeometry): boolean {
  return g.strideH === 1 && g.strideW === 1;
}

/**
 * y[n, o, oy, ox] = (Σ_{c,i,j} w[o, c, i, j] · x[n, c, oy − pt + i, ox − pl + j]) + bias[o]
 *   x: [batch, channels, height, width], w: [outChannels, channels, kh, kw], bias: [outChannels]
 *   (or undefined: no bias), y: [batch, outChannels, outH, outW], every entry written.
 */
export function directConvForward(
  x: FloatArray, w: FloatArray, bias: FloatArray | undefined, g: ConvGeometry, outChannels: number, y: FloatArray,
): void {
  const { batch, channels, height, width, kernelH, kernelW, padTop, padLeft, outH, outW } = g;
  const round = y instanceof Float32Array ? Math.fround : (v: number): number => v;
  const plane = height * width;
  const taps = kernelH * kernelW;
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      const b = bias === undefined ? undefined : (bias[o] as number);
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++, out++) {
          let acc = 0;
          for (let c = 0; c < channels; c++) {
            const image = (n * channels + c) * plane;
            const kernel = (o * channels + c) * taps;
            for (let i = 0; i < kernelH; i++) {
              const iy = oy - padTop + i;
              const inRow = iy >= 0 && iy < height;
              for (let j = 0; j < kernelW; j++) {
                const ix = ox - padLeft + j;
                const v = inRow && ix >= 0 && ix < width ? (x[image + iy * width + ix] as number) : 0;
                acc = round(acc + round((w[kernel + i * kernelW + j] as number) * v));
              }
            }
          }
          y[out] = b === undefined ? acc : acc + b;
        }
      }
    }
  }
}

/** Lanes of the vectorised sum in directConvFilterGrad's order (asm/directConv.ts uses f32x4). */
export const FILTER_GRAD_LANES = 4;

/**
 * dw[o, c, i, j] += Σ_{n,oy,ox} dy[n, o, oy, ox] · x[n, c, oy − pt + i, ox − pl + j]  (0 in the padding)
 *   x: [batch, channels, height, width], dy: [batch, outChannels, outH, outW], dw: [outChannels, channels, kh, kw]
 * the weight gradient of directConvForward, without an unfolded column matrix.
 *
 * Summation order (the contract, that of a 4-lane vector loop): with outW4 = outW − outW mod 4,
 * lane l (0..3) sums, from +0, the products with ox < outW4 and ox mod 4 = l, in (n, oy, ox) order;
 * `rest` sums, from +0, those with ox ≥ outW4 in the same order; the total
 * ((lane0 + lane1) + (lane2 + lane3)) + rest is then added to dw. Rounded to float32 at every step
 * on float32, as in directConvForward.
 */
export function directConvFilterGrad(
  x: FloatArray, dy: FloatArray, g: ConvGeometry, outChannels: number, dw: FloatArray,
): void {
  const { batch, channels, height, width, kernelH, kernelW, padTop, padLeft, outH, outW } = g;
  const round = dw instanceof Float32Array ? Math.fround : (v: number): number => v;
  const plane = height * width;
  const outPlane = outH * outW;
  const outW4 = outW - (outW % FILTER_GRAD_LANES);
  const lanes = new Float64Array(FILTER_GRAD_LANES);
  let t = 0;
  for (let o = 0; o < outChannels; o++) {
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < kernelH; i++) {
        for (let j = 0; j < kernelW; j++, t++) {
          lanes.fill(0);
          let rest = 0;
          for (let n = 0; n < batch; n++) {
            const image = (n * channels + c) * plane;
            const grad = (n * outChannels + o) * outPlane;
            for (let oy = 0; oy < outH; oy++) {
              const iy = oy - padTop + i;
              const inRow = iy >= 0 && iy < height;
              for (let ox = 0; ox < outW; ox++) {
                const ix = ox - padLeft + j;
                const v = inRow && ix >= 0 && ix < width ? (x[image + iy * width + ix] as number) : 0;
                const p = round((dy[grad + oy * outW + ox] as number) * v);
                if (ox < outW4) {
                  const l = ox % FILTER_GRAD_LANES;
                  lanes[l] = round((lanes[l] as number) + p);
                } else {
                  rest = round(rest + p);
                }
              }
            }
          }
          const total = round(
            round(round((lanes[0] as number) + (lanes[1] as number)) + round((lanes[2] as number) + (lanes[3] as number))) + rest,
          );
          dw[t] = (dw[t] as number) + total;
        }
      }
    }
  }
}
