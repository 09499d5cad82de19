import type { FloatArray } from '../tensor/Tensor';

/*
 * im2col / col2im for 2-D convolution on NCHW tensors. Unfolding every receptive field into a
 * column turns the convolution into one matrix product (Chellapilla et al. 2006), so Conv2D
 * runs on gemm and gets faster whenever gemm does.
 *
 * Layout of the column matrix, for the whole batch at once (one large gemm beats many small ones
 * on 8×8 images):
 *   cols: [channels·kernelH·kernelW, batch·outH·outW]
 *   cols[(c·kernelH + i)·kernelW + j, (n·outH + oy)·outW + ox] = x[n, c, oy·strideH − padTop + i, ox·strideW − padLeft + j]
 * with zeros where the index falls in the padding.
 */

/** Where each receptive field sits: sizes, strides and the padding before each axis. */
export interface ConvGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  /** Padding above and left of the image; below/right follows from outH/outW. */
  readonly padTop: number;
  readonly padLeft: number;
  readonly outH: number;
  readonly outW: number;
}

/** cols = unfold(x) as described above; every entry of cols is written. */
export function im2col(x: FloatArray, g: ConvGeometry, cols: FloatArray): void {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const plane = height * width;
  let o = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++) {
        for (let n = 0; n < batch; n++) {
          const base = (n * channels + c) * plane;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padTop + i;
            if (iy < 0 || iy >= height) {
              cols.fill(0, o, o + outW);
              o += outW;
              continue;
            }
            const row = base + iy * width;
            for (let ox = 0; ox < outW; ox++, o++) {
              const ix = ox * strideW - padLeft + j;
              cols[o] = ix >= 0 && ix < width ? (x[row + ix] as number) : 0;
            }
          }
        }
      }
    }
  }
}

/** dx += fold(dcols): the adjoint of im2col; overlapping fields sum their contributions. */
export function col2im(dcols: FloatArray, g: ConvGeometry, dx: FloatArray): void {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const plane = height * width;
  let o = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++) {
        for (let n = 0; n < batch; n++) {
          const base = (n * channels + c) * plane;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padTop + i;
            if (iy < 0 || iy >= height) {
              o += outW;
              continue;
            }
            const row = base + iy * width;
            for (let ox = 0; ox < outW; ox++, o++) {
              const ix = ox * strideW - padLeft + j;
              if (ix >= 0 && ix < width) dx[row + ix]! += dcols[o] as number;
            }
          }
        }
      }
    }
  }
}

/**
 * out[j, i, :] = x[i, j, :] for x: [rows, cols, inner] → out: [cols, rows, inner]. Moves between
 * gemm's [outChannels, batch·plane] result and NCHW [batch, outChannels, plane], both ways.
 */
export function swapLeadingAxes(x: FloatArray, rows: number, cols: number, inner: number, out: FloatArray): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const from = (i * cols + j) * inner;
      const to = (j * rows + i) * inner;
      for (let k = 0; k < inner; k++) out[to + k] = x[from + k] as number;
    }
  }
}
