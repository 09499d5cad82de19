/*
 * The data movement around Conv2D's gemm (src/kernels/im2col.ts has the layouts and the reference
 * kernels): unfolding the input into columns, folding column gradients back, and swapping the two
 * leading axes between gemm's channel-major result and NCHW. Pure copies and f32 sums in the
 * reference's order, so the results are bit-identical to it. Addresses in bytes, sizes in elements.
 */

import { copy, crop, pad, zero } from './padding';

/**
 * cols[(c·kh + i)·kw + j, (n·outH + oy)·outW + ox] = x[n, c, oy·sh − pt + i, ox·sw − pl + j], 0 in the padding.
 * With stride 1 and a `padded` scratch area (batch·channels·(outH + kh − 1)·(outW + kw − 1) floats,
 * or 0 for none), the input is zero-padded there first and each row of cols is one plain copy.
 */
export function im2col(
  x: usize, cols: usize, batch: i32, channels: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, padded: usize,
): void {
  if (padded != 0 && strideH == 1 && strideW == 1) {
    const hp = outH + kernelH - 1;
    const wp = outW + kernelW - 1;
    pad(x, padded, batch * channels, height, width, padTop, padLeft, hp, wp);
    const rowBytes = <usize>wp << 2;
    const planeBytes = <usize>(hp * wp) << 2;
    const outRowBytes = <usize>outW << 2;
    let d = cols;
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < kernelH; i++) {
        for (let j = 0; j < kernelW; j++) {
          for (let n = 0; n < batch; n++) {
            let r = padded + <usize>(n * channels + c) * planeBytes + <usize>i * rowBytes + (<usize>j << 2);
            for (let oy = 0; oy < outH; oy++, r += rowBytes, d += outRowBytes) copy(d, r, outRowBytes);
          }
        }
      }
    }
    return;
  }
  const plane = height * width;
  let o = cols;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++) {
        // The output columns whose input column ix = ox·sw − pl + j falls inside the image.
        let ox0 = 0;
        while (ox0 < outW && ox0 * strideW - padLeft + j < 0) ox0++;
        let ox1 = outW;
        while (ox1 > ox0 && (ox1 - 1) * strideW - padLeft + j >= width) ox1--;
        for (let n = 0; n < batch; n++) {
          const base = (n * channels + c) * plane;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padTop + i;
            if (iy < 0 || iy >= height || ox1 <= ox0) {
              zero(o, <usize>outW << 2);
              o += <usize>outW << 2;
              continue;
            }
            zero(o, <usize>ox0 << 2);
            const row = x + (<usize>(base + iy * width) << 2);
            if (strideW == 1) {
              copy(o + (<usize>ox0 << 2), row + (<usize>(ox0 - padLeft + j) << 2), <usize>(ox1 - ox0) << 2);
            } else {
              for (let ox = ox0; ox < ox1; ox++) {
                store<f32>(o + (<usize>ox << 2), load<f32>(row + (<usize>(ox * strideW - padLeft + j) << 2)));
              }
            }
            zero(o + (<usize>ox1 << 2), <usize>(outW - ox1) << 2);
            o += <usize>outW << 2;
          }
        }
      }
    }
  }
}

/**
 * dx += fold(dcols), the adjoint of im2col, visiting the columns in the reference's order. With
 * stride 1 and a `padded` scratch area (as for im2col), dx is copied into the middle of a zero-padded
 * buffer, each row of dcols is added there with no bounds tests (in the same order, so every element
 * of dx receives the same additions in the same order), and the middle is copied back.
 */
export function col2im(
  dcols: usize, dx: usize, batch: i32, channels: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, padded: usize,
): void {
  if (padded != 0 && strideH == 1 && strideW == 1) {
    const hp = outH + kernelH - 1;
    const wp = outW + kernelW - 1;
    pad(dx, padded, batch * channels, height, width, padTop, padLeft, hp, wp);
    const rowBytes = <usize>wp << 2;
    const planeBytes = <usize>(hp * wp) << 2;
    const outRowBytes = <usize>outW << 2;
    let s = dcols;
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < kernelH; i++) {
        for (let j = 0; j < kernelW; j++) {
          for (let n = 0; n < batch; n++) {
            let r = padded + <usize>(n * channels + c) * planeBytes + <usize>i * rowBytes + (<usize>j << 2);
            for (let oy = 0; oy < outH; oy++, r += rowBytes, s += outRowBytes) {
              let q: usize = 0;
              for (; q + 16 <= outRowBytes; q += 16) v128.store(r + q, f32x4.add(v128.load(r + q), v128.load(s + q)));
              for (; q < outRowBytes; q += 4) store<f32>(r + q, load<f32>(r + q) + load<f32>(s + q));
            }
          }
        }
      }
    }
    crop(padded, dx, batch * channels, height, width, padTop, padLeft, hp, wp);
    return;
  }
  const plane = height * width;
  let o = dcols;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++) {
        let ox0 = 0;
        while (ox0 < outW && ox0 * strideW - padLeft + j < 0) ox0++;
        let ox1 = outW;
        while (ox1 > ox0 && (ox1 - 1) * strideW - padLeft + j >= width) ox1--;
        for (let n = 0; n < batch; n++) {
          const base = (n * channels + c) * plane;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padTop + i;
            if (iy >= 0 && iy < height) {
              const row = dx + (<usize>(base + iy * width) << 2);
              if (strideW == 1) {
                const d = row + (<usize>(ox0 - padLeft + j) << 2);
                const s = o + (<usize>ox0 << 2);
                const bytes = <usize>(ox1 - ox0) << 2;
                let q: usize = 0;
                for (; q + 16 <= bytes; q += 16) v128.store(d + q, f32x4.add(v128.load(d + q), v128.load(s + q)));
                for (; q < bytes; q += 4) store<f32>(d + q, load<f32>(d + q) + load<f32>(s + q));
              } else {
                for (let ox = ox0; ox < ox1; ox++) {
                  const p = row + (<usize>(ox * strideW - padLeft + j) << 2);
                  store<f32>(p, load<f32>(p) + load<f32>(o + (<usize>ox << 2)));
                }
              }
            }
            o += <usize>outW << 2;
          }
        }
      }
    }
  }
}

/** out[j, i, :] = x[i, j, :] for x: [rows, cols, inner]. */
export function swapLeadingAxes(x: usize, rows: i32, cols: i32, inner: i32, out: usize): void {
  const bytes = <usize>inner << 2;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      copy(out + <usize>(j * rows + i) * bytes, x + <usize>(i * cols + j) * bytes, bytes);
    }
  }
}
