/*
 * Elementwise and row kernels for the wasm backend, where they pay for their copies: a JS loop over
 * a typed array costs ~1 ns per element with a branch in it, a memcpy in or out ~0.2 ns. Each gives
 * bit-identical results to the TypeScript reference (src/kernels): f32 adds and products round the
 * same as a double rounded to f32 (the optimizer updates are in asm/optim.ts). Addresses in bytes,
 * counts in elements.
 */

/** y = max(x, 0) */
export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(y + i, f32x4.pmax(zero, v128.load(x + i)));
  for (; i < end; i += 4) {
    const v = load<f32>(x + i);
    store<f32>(y + i, v > 0 ? v : 0);
  }
}

/** dx = dy · [x > 0] */
export function reluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    v128.store(dx + i, v128.and(v128.load(dy + i), f32x4.gt(v128.load(x + i), zero)));
  }
  for (; i < end; i += 4) store<f32>(dx + i, load<f32>(x + i) > 0 ? load<f32>(dy + i) : 0);
}

/** x[r, c] += v[c] */
export function addRowVector(x: usize, v: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let c: usize = 0;
    for (; c + 16 <= rowBytes; c += 16) v128.store(row + c, f32x4.add(v128.load(row + c), v128.load(v + c)));
    for (; c < rowBytes; c += 4) store<f32>(row + c, load<f32>(row + c) + load<f32>(v + c));
  }
}

/** out[c] = beta·out[c] + Σ_r x[r, c], summed row by row in order (as the reference does). */
export function sumRows(x: usize, rows: i32, cols: i32, out: usize, beta: f32): void {
  const rowBytes = <usize>cols << 2;
  if (beta == 0) memory.fill(out, 0, rowBytes);
  else for (let c: usize = 0; c < rowBytes; c += 4) store<f32>(out + c, beta * load<f32>(out + c));
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let c: usize = 0;
    for (; c + 16 <= rowBytes; c += 16) v128.store(out + c, f32x4.add(v128.load(out + c), v128.load(row + c)));
    for (; c < rowBytes; c += 4) store<f32>(out + c, load<f32>(out + c) + load<f32>(row + c));
  }
}

/** x[0:n] = 0 (memory.fill: a JS fill on a shared buffer is several times slower). */
export function zeroFill(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << 2);
}
