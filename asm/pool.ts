/*
 * Max pooling forward for the wasm backend, as src/kernels/pool.ts maxPoolForward: NCHW planes, no
 * padding; y = the window's maximum, argmax = its flat index into x (the first one on ties, and the
 * window's first element when no value compares greater, e.g. NaN). f32 comparisons order exactly
 * as the reference's doubles do, so y and argmax are identical. Addresses in bytes.
 */
export function maxPoolForward(
  x: usize, y: usize, argmax: usize, planes: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, outH: i32, outW: i32,
): void {
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
