/*
 * Max pooling for the wasm backend, as src/kernels/pool.ts maxPoolForward and maxPoolBackward:
 * NCHW planes, no padding; y = the window's maximum, argmax = its flat index into x (the first one
 * on ties, and the window's first element when no value compares greater, e.g. NaN). f32
 * comparisons order exactly as the reference's doubles do, so y and argmax are identical.
 * Addresses in bytes.
 */
export function maxPoolForward(
  x: usize, y: usize, argmax: usize, planes: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, outH: i32, outW: i32,
): void {
  if (kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2) {
    maxPool2x2(x, y, argmax, planes, height, width, outH, outW);
    return;
  }
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const top = base + oy * strideH * width + ox * strideW;
        let best = top;
        let bestValue = load<f32>(x + (<usize>top << 2));
        for (let i = 0; i < kernelH; i++) {
          const row = top + i * width;
          for (let j = 0; j < kernelW; j++) {
            const v = load<f32>(x + (<usize>(row + j) << 2));
            if (v > bestValue) {
              bestValue = v;
              best = row + j;
            }
          }
        }
        store<f32>(y + o, bestValue);
        store<i32>(argmax + o, best);
        o += 4;
      }
    }
  }
}

/*
 * The 2×2 stride-2 case, four windows of a row at once: 8 consecutive floats of each of the two
 * input rows, split into even columns (window positions (0,0), (1,0)) and odd ones ((0,1), (1,1))
 * by shuffles, then the reference's scan in the same order — start from (0,0), take (0,1), (1,0),
 * (1,1) where f32x4.gt says strictly greater — with values and indices chosen by bitselect, so ties,
 * NaN and -0 fall exactly as in the scalar loop. The last outW mod 4 windows of a row run scalar.
 * Reads stay inside the row: windows ox..ox+3 end at column 2·ox + 7 ≤ 2·outW − 1 < width.
 */
function maxPool2x2(x: usize, y: usize, argmax: usize, planes: i32, height: i32, width: i32, outH: i32, outW: i32): void {
  const quads = outW & ~3;
  const rowBytes = <usize>width << 2;
  const even = i32x4(0, 2, 4, 6);
  const one = i32x4.splat(1);
  const below = i32x4.splat(width);
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      const top = base + 2 * oy * width;
      const r0 = x + (<usize>top << 2);
      const r1 = r0 + rowBytes;
      let ox = 0;
      for (; ox < quads; ox += 4) {
        const at = <usize>ox << 3;
        const a0 = v128.load(r0 + at);
        const a1 = v128.load(r0 + at, 16);
        const b0 = v128.load(r1 + at);
        const b1 = v128.load(r1 + at, 16);
        const i00 = i32x4.add(i32x4.splat(top + 2 * ox), even);
        let best = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
        let index = i00;
        const v01 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        let m = f32x4.gt(v01, best);
        best = v128.bitselect(v01, best, m);
        index = v128.bitselect(i32x4.add(i00, one), index, m);
        const i10 = i32x4.add(i00, below);
        const v10 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        m = f32x4.gt(v10, best);
        best = v128.bitselect(v10, best, m);
        index = v128.bitselect(i10, index, m);
        const v11 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        m = f32x4.gt(v11, best);
        best = v128.bitselect(v11, best, m);
        index = v128.bitselect(i32x4.add(i10, one), index, m);
        v128.store(y + o, best);
        v128.store(argmax + o, index);
        o += 16;
      }
      for (; ox < outW; ox++) {
        const at = top + 2 * ox;
        let best = at;
        let bestValue = load<f32>(x + (<usize>at << 2));
        let v = load<f32>(x + (<usize>(at + 1) << 2));
        if (v > bestValue) {
          bestValue = v;
          best = at + 1;
        }
        v = load<f32>(x + (<usize>(at + width) << 2));
        if (v > bestValue) {
          bestValue = v;
          best = at + width;
        }
        v = load<f32>(x + (<usize>(at + width + 1) << 2));
        if (v > bestValue) {
          bestValue = v;
          best = at + width + 1;
        }
        store<f32>(y + o, bestValue);
        store<i32>(argmax + o, best);
        o += 4;
      }
    }
  }
}

/**
 * dx[argmax[o]] += dy[o] for o = 0 … n−1 in order (windows that share a maximum add up in the
 * reference's order), adding to what dx holds. An index outside [0, dxLength) is skipped, as the
 * reference's typed-array write ignores it, so a bad index never writes outside dx.
 */
export function maxPoolBackward(dy: usize, argmax: usize, dx: usize, n: i32, dxLength: i32): void {
  for (let o = 0; o < n; o++) {
    const at = load<i32>(argmax + (<usize>o << 2));
    if (<u32>at < <u32>dxLength) {
      const d = dx + (<usize>at << 2);
      store<f32>(d, load<f32>(d) + load<f32>(dy + (<usize>o << 2)));
    }
  }
}
