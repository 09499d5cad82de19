/*
 * Direct convolution forward for stride 1, NCHW, any kernel size, padding and channel counts, the
 * wasm twin of src/kernels/directConv.ts and bit-identical to it: each output is a sum that starts
 * at +0 and adds the products w[o, c, i, j] · x[n, c, oy − pt + i, ox − pl + j] in (c, i, j) order,
 * each product and partial sum an f32 mul and add (no fused multiply-add, in both builds), then the
 * bias. Vectorised across four neighbouring outputs of a row (independent sums, so the order per
 * output is the reference's) and blocked over four output channels, which share each input load.
 *
 * The input is first copied into `padded`, [batch·channels, outH + kh − 1, outW + kw − 1] with
 * zeros in the padding, so that the inner loop has no bounds tests and padding positions add w · 0
 * exactly as the reference (and im2col + gemm) do. Addresses in bytes, sizes in elements.
 */

import { pad } from './padding';

export function directConvForward(
  x: usize, w: usize, bias: usize, hasBias: i32, y: usize, padded: usize, batch: i32, channels: i32, height: i32,
  width: i32, kernelH: i32, kernelW: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, outChannels: i32,
): void {
  const hp = outH + kernelH - 1;
  const wp = outW + kernelW - 1;
  pad(x, padded, batch * channels, height, width, padTop, padLeft, hp, wp);
  const kBytes = <usize>(channels * kernelH * kernelW) << 2;
  const yPlane = <usize>(outH * outW) << 2;
  for (let n = 0; n < batch; n++) {
    const xn = padded + (<usize>(n * channels * hp * wp) << 2);
    let o = 0;
    for (; o + 4 <= outChannels; o += 4) {
      const y0 = y + (<usize>((n * outChannels + o) * outH * outW) << 2);
      const w0 = w + <usize>o * kBytes;
      const b0 = hasBias ? load<f32>(bias + (<usize>o << 2)) : 0;
      const b1 = hasBias ? load<f32>(bias + (<usize>(o + 1) << 2)) : 0;
      const b2 = hasBias ? load<f32>(bias + (<usize>(o + 2) << 2)) : 0;
      const b3 = hasBias ? load<f32>(bias + (<usize>(o + 3) << 2)) : 0;
      block4(xn, w0, kBytes, y0, yPlane, b0, b1, b2, b3, channels, kernelH, kernelW, hp, wp, outH, outW);
    }
    for (; o < outChannels; o++) {
      const y0 = y + (<usize>((n * outChannels + o) * outH * outW) << 2);
      const b = hasBias ? load<f32>(bias + (<usize>o << 2)) : 0;
      block1(xn, w + <usize>o * kBytes, y0, b, channels, kernelH, kernelW, hp, wp, outH, outW);
    }
  }
}

/** Four output channels (weights kBytes apart, outputs yPlane apart) of one image. */
function block4(
  xn: usize, w0: usize, kBytes: usize, y0: usize, yPlane: usize, b0: f32, b1: f32, b2: f32, b3: f32,
  channels: i32, kernelH: i32, kernelW: i32, hp: i32, wp: i32, outH: i32, outW: i32,
): void {
  const w1 = w0 + kBytes;
  const w2 = w1 + kBytes;
  const w3 = w2 + kBytes;
  const rowBytes = <usize>wp << 2;
  const planeBytes = <usize>(hp * wp) << 2;
  const kwBytes = <usize>kernelW << 2;
  for (let oy = 0; oy < outH; oy++) {
    const yRow = y0 + (<usize>(oy * outW) << 2);
    let ox = 0;
    for (; ox + 8 <= outW; ox += 8) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let c2 = f32x4.splat(0);
      let c3 = f32x4.splat(0);
      let t: usize = 0;
      let plane = xn + (<usize>(oy * wp + ox) << 2);
      for (let c = 0; c < channels; c++, plane += planeBytes) {
        let row = plane;
        for (let i = 0; i < kernelH; i++, row += rowBytes) {
          for (let q: usize = 0; q < kwBytes; q += 4, t += 4) {
            const v = v128.load(row + q);
            const u = v128.load(row + q, 16);
            const s0 = v128.load32_splat(w0 + t);
            a0 = f32x4.add(a0, f32x4.mul(s0, v));
            c0 = f32x4.add(c0, f32x4.mul(s0, u));
            const s1 = v128.load32_splat(w1 + t);
            a1 = f32x4.add(a1, f32x4.mul(s1, v));
            c1 = f32x4.add(c1, f32x4.mul(s1, u));
            const s2 = v128.load32_splat(w2 + t);
            a2 = f32x4.add(a2, f32x4.mul(s2, v));
            c2 = f32x4.add(c2, f32x4.mul(s2, u));
            const s3 = v128.load32_splat(w3 + t);
            a3 = f32x4.add(a3, f32x4.mul(s3, v));
            c3 = f32x4.add(c3, f32x4.mul(s3, u));
          }
        }
      }
      const p = yRow + (<usize>ox << 2);
      const v0 = f32x4.splat(b0);
      const v1 = f32x4.splat(b1);
      const v2 = f32x4.splat(b2);
      const v3 = f32x4.splat(b3);
      v128.store(p, f32x4.add(a0, v0));
      v128.store(p, f32x4.add(c0, v0), 16);
      v128.store(p + yPlane, f32x4.add(a1, v1));
      v128.store(p + yPlane, f32x4.add(c1, v1), 16);
      v128.store(p + 2 * yPlane, f32x4.add(a2, v2));
      v128.store(p + 2 * yPlane, f32x4.add(c2, v2), 16);
      v128.store(p + 3 * yPlane, f32x4.add(a3, v3));
      v128.store(p + 3 * yPlane, f32x4.add(c3, v3), 16);
    }
    for (; ox + 4 <= outW; ox += 4) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let t: usize = 0;
      let plane = xn + (<usize>(oy * wp + ox) << 2);
      for (let c = 0; c < channels; c++, plane += planeBytes) {
        let row = plane;
        for (let i = 0; i < kernelH; i++, row += rowBytes) {
          for (let q: usize = 0; q < kwBytes; q += 4, t += 4) {
            const v = v128.load(row + q);
            a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(w0 + t), v));
            a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(w1 + t), v));
            a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(w2 + t), v));
            a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(w3 + t), v));
          }
        }
      }
      const p = yRow + (<usize>ox << 2);
      v128.store(p, f32x4.add(a0, f32x4.splat(b0)));
      v128.store(p + yPlane, f32x4.add(a1, f32x4.splat(b1)));
      v128.store(p + 2 * yPlane, f32x4.add(a2, f32x4.splat(b2)));
      v128.store(p + 3 * yPlane, f32x4.add(a3, f32x4.splat(b3)));
    }
    for (; ox < outW; ox++) {
      const p = yRow + (<usize>ox << 2);
      const origin = xn + (<usize>(oy * wp + ox) << 2);
      store<f32>(p, one(origin, w0, channels, kernelH, kernelW, rowBytes, planeBytes) + b0);
      store<f32>(p + yPlane, one(origin, w1, channels, kernelH, kernelW, rowBytes, planeBytes) + b1);
      store<f32>(p + 2 * yPlane, one(origin, w2, channels, kernelH, kernelW, rowBytes, planeBytes) + b2);
      store<f32>(p + 3 * yPlane, one(origin, w3, channels, kernelH, kernelW, rowBytes, planeBytes) + b3);
    }
  }
}

/** One output channel of one image. */
function block1(
  xn: usize, w0: usize, y0: usize, b: f32, channels: i32, kernelH: i32, kernelW: i32, hp: i32, wp: i32, outH: i32, outW: i32,
): void {
  const rowBytes = <usize>wp << 2;
  const planeBytes = <usize>(hp * wp) << 2;
  const kwBytes = <usize>kernelW << 2;
  for (let oy = 0; oy < outH; oy++) {
    const yRow = y0 + (<usize>(oy * outW) << 2);
    let ox = 0;
    for (; ox + 4 <= outW; ox += 4) {
      let a = f32x4.splat(0);
      let t: usize = 0;
      let plane = xn + (<usize>(oy * wp + ox) << 2);
      for (let c = 0; c < channels; c++, plane += planeBytes) {
        let row = plane;
        for (let i = 0; i < kernelH; i++, row += rowBytes) {
          for (let q: usize = 0; q < kwBytes; q += 4, t += 4) {
            a = f32x4.add(a, f32x4.mul(v128.load32_splat(w0 + t), v128.load(row + q)));
          }
        }
      }
      v128.store(yRow + (<usize>ox << 2), f32x4.add(a, f32x4.splat(b)));
    }
    for (; ox < outW; ox++) {
      const origin = xn + (<usize>(oy * wp + ox) << 2);
      store<f32>(yRow + (<usize>ox << 2), one(origin, w0, channels, kernelH, kernelW, rowBytes, planeBytes) + b);
    }
  }
}

/** The sum for one output whose receptive field starts at `origin` in the padded input. */
@inline
function one(origin: usize, w: usize, channels: i32, kernelH: i32, kernelW: i32, rowBytes: usize, planeBytes: usize): f32 {
  let acc: f32 = 0;
  let t: usize = 0;
  const kwBytes = <usize>kernelW << 2;
  let plane = origin;
  for (let c = 0; c < channels; c++, plane += planeBytes) {
    let row = plane;
    for (let i = 0; i < kernelH; i++, row += rowBytes) {
      for (let q: usize = 0; q < kwBytes; q += 4, t += 4) acc += load<f32>(w + t) * load<f32>(row + q);
    }
  }
  return acc;
}

/**
 * dw[o, c, i, j] += Σ_{n,oy,ox} dy[n, o, oy, ox] · x[n, c, oy − pt + i, ox − pl + j], in the order of
 * directConvFilterGrad in src/kernels/directConv.ts (bit-identical): four lanes over ox < outW4
 * (lane = ox mod 4), a scalar rest over the others, total ((l0 + l1) + (l2 + l3)) + rest. The
 * lanes and the rest are independent sums, so each is computed in a pass of its own; 3×3 kernels
 * keep all nine lane vectors in registers and read each dy vector once.
 */
export function directConvFilterGrad(
  x: usize, dy: usize, dw: usize, padded: usize, batch: i32, channels: i32, height: i32, width: i32, kernelH: i32,
  kernelW: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, outChannels: i32,
): void {
  const hp = outH + kernelH - 1;
  const wp = outW + kernelW - 1;
  pad(x, padded, batch * channels, height, width, padTop, padLeft, hp, wp);
  const outW4 = outW & ~3;
  const taps = kernelH * kernelW;
  const rowBytes = <usize>wp << 2;
  const planeBytes = <usize>(hp * wp) << 2;
  const outPlaneBytes = <usize>(outH * outW) << 2;
  const outRowBytes = <usize>outW << 2;
  for (let o = 0; o < outChannels; o++) {
    for (let c = 0; c < channels; c++) {
      const wt = dw + (<usize>((o * channels + c) * taps) << 2);
      if (kernelH == 3 && kernelW == 3) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        let a2 = f32x4.splat(0);
        let a3 = f32x4.splat(0);
        let a4 = f32x4.splat(0);
        let a5 = f32x4.splat(0);
        let a6 = f32x4.splat(0);
        let a7 = f32x4.splat(0);
        let a8 = f32x4.splat(0);
        for (let n = 0; n < batch; n++) {
          let d = dy + <usize>(n * outChannels + o) * outPlaneBytes;
          let r = padded + <usize>(n * channels + c) * planeBytes;
          for (let oy = 0; oy < outH; oy++, d += outRowBytes, r += rowBytes) {
            for (let q: usize = 0; q < (<usize>outW4 << 2); q += 16) {
              const g = v128.load(d + q);
              const p = r + q;
              a0 = f32x4.add(a0, f32x4.mul(g, v128.load(p)));
              a1 = f32x4.add(a1, f32x4.mul(g, v128.load(p, 4)));
              a2 = f32x4.add(a2, f32x4.mul(g, v128.load(p, 8)));
              const p1 = p + rowBytes;
              a3 = f32x4.add(a3, f32x4.mul(g, v128.load(p1)));
              a4 = f32x4.add(a4, f32x4.mul(g, v128.load(p1, 4)));
              a5 = f32x4.add(a5, f32x4.mul(g, v128.load(p1, 8)));
              const p2 = p1 + rowBytes;
              a6 = f32x4.add(a6, f32x4.mul(g, v128.load(p2)));
              a7 = f32x4.add(a7, f32x4.mul(g, v128.load(p2, 4)));
              a8 = f32x4.add(a8, f32x4.mul(g, v128.load(p2, 8)));
            }
          }
        }
        finish(wt, a0, rest(dy, padded, 0, 0, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 4, a1, rest(dy, padded, 0, 1, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 8, a2, rest(dy, padded, 0, 2, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 12, a3, rest(dy, padded, 1, 0, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 16, a4, rest(dy, padded, 1, 1, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 20, a5, rest(dy, padded, 1, 2, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 24, a6, rest(dy, padded, 2, 0, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 28, a7, rest(dy, padded, 2, 1, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        finish(wt + 32, a8, rest(dy, padded, 2, 2, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes));
        continue;
      }
      for (let i = 0; i < kernelH; i++) {
        for (let j = 0; j < kernelW; j++) {
          let a = f32x4.splat(0);
          for (let n = 0; n < batch; n++) {
            let d = dy + <usize>(n * outChannels + o) * outPlaneBytes;
            let r = padded + <usize>(n * channels + c) * planeBytes + <usize>i * rowBytes + (<usize>j << 2);
            for (let oy = 0; oy < outH; oy++, d += outRowBytes, r += rowBytes) {
              for (let q: usize = 0; q < (<usize>outW4 << 2); q += 16) a = f32x4.add(a, f32x4.mul(v128.load(d + q), v128.load(r + q)));
            }
          }
          finish(
            wt + (<usize>(i * kernelW + j) << 2), a,
            rest(dy, padded, i, j, o, c, batch, channels, outChannels, outH, outW, outW4, rowBytes, planeBytes),
          );
        }
      }
    }
  }
}

/** dw[t] += ((l0 + l1) + (l2 + l3)) + rest. */
@inline
function finish(at: usize, lanes: v128, rest: f32): void {
  const total = ((f32x4.extract_lane(lanes, 0) + f32x4.extract_lane(lanes, 1)) +
    (f32x4.extract_lane(lanes, 2) + f32x4.extract_lane(lanes, 3))) + rest;
  store<f32>(at, load<f32>(at) + total);
}

/** The scalar sum over ox ≥ outW4 of tap (i, j) in (n, oy, ox) order; +0 when outW is a multiple of 4. */
function rest(
  dy: usize, padded: usize, i: i32, j: i32, o: i32, c: i32, batch: i32, channels: i32, outChannels: i32, outH: i32,
  outW: i32, outW4: i32, rowBytes: usize, planeBytes: usize,
): f32 {
  let s: f32 = 0;
  if (outW4 == outW) return s;
  const outRowBytes = <usize>outW << 2;
  for (let n = 0; n < batch; n++) {
    let d = dy + <usize>(n * outChannels + o) * <usize>(outH * outW) * 4;
    let r = padded + <usize>(n * channels + c) * planeBytes + <usize>i * rowBytes + (<usize>j << 2);
    for (let oy = 0; oy < outH; oy++, d += outRowBytes, r += rowBytes) {
      for (let ox = outW4; ox < outW; ox++) s += load<f32>(d + (<usize>ox << 2)) * load<f32>(r + (<usize>ox << 2));
    }
  }
  return s;
}
