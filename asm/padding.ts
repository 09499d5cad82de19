/*
 * Zero-padded copies of NCHW planes for the stride-1 convolution kernels (asm/directConv.ts,
 * asm/conv.ts): with the padding written out, every receptive-field row is a plain contiguous run
 * and the inner loops have no bounds tests. Not exported from the module (index.ts).
 */

/** padded[p, py, px] = x[p, py − padTop, px − padLeft], 0 outside the image; [planes, hp, wp]. */
export function pad(x: usize, padded: usize, planes: i32, height: i32, width: i32, padTop: i32, padLeft: i32, hp: i32, wp: i32): void {
  const px0 = max(padLeft, 0);
  const px1 = min(wp, padLeft + width);
  const rowBytes = <usize>wp << 2;
  let o = padded;
  for (let p = 0; p < planes; p++) {
    const plane = x + (<usize>(p * height * width) << 2);
    for (let py = 0; py < hp; py++, o += rowBytes) {
      const iy = py - padTop;
      if (iy < 0 || iy >= height || px1 <= px0) {
        zero(o, rowBytes);
        continue;
      }
      zero(o, <usize>px0 << 2);
      copy(o + (<usize>px0 << 2), plane + (<usize>(iy * width + px0 - padLeft) << 2), <usize>(px1 - px0) << 2);
      zero(o + (<usize>px1 << 2), <usize>(wp - px1) << 2);
    }
  }
}

/** x[p, y, x] = padded[p, y + padTop, x + padLeft]: the inverse of pad. */
export function crop(padded: usize, x: usize, planes: i32, height: i32, width: i32, padTop: i32, padLeft: i32, hp: i32, wp: i32): void {
  const rowBytes = <usize>wp << 2;
  const widthBytes = <usize>width << 2;
  for (let p = 0; p < planes; p++) {
    const from = padded + <usize>(p * hp + padTop) * rowBytes + (<usize>padLeft << 2);
    const to = x + <usize>(p * height) * widthBytes;
    for (let y = 0; y < height; y++) copy(to + <usize>y * widthBytes, from + <usize>y * rowBytes, widthBytes);
  }
}

/**
 * The short rows here (a few to a few hundred bytes) copy faster as inline vector loads and
 * stores than through memory.copy / memory.fill, which V8 runs as a call into the runtime.
 */
@inline
export function copy(dst: usize, src: usize, bytes: usize): void {
  let q: usize = 0;
  for (; q + 16 <= bytes; q += 16) v128.store(dst + q, v128.load(src + q));
  for (; q < bytes; q += 4) store<f32>(dst + q, load<f32>(src + q));
}

@inline
export function zero(dst: usize, bytes: usize): void {
  let q: usize = 0;
  for (; q + 16 <= bytes; q += 16) v128.store(dst + q, i32x4.splat(0));
  for (; q < bytes; q += 4) store<i32>(dst + q, 0);
}
