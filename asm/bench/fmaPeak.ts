/*
 * The ceiling the GEMM is measured against (`npm run bench`, bench/fmaPeak.ts): twelve independent
 * f32x4.relaxed_madd chains on registers, no loads or stores, so the loop runs at the rate the CPU
 * retires 128-bit fused multiply-adds from wasm — 8 flops each. Twelve chains cover the FMA latency
 * times the number of FMA units on current x64 cores (8 measured ~10 % lower on the benchmark
 * machine: latency-bound). Not part of the kernel module: built to dist/wasm/fma-peak.wasm.
 */
export function fmaPeak(iterations: i32): f32 {
  let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.1), a2 = f32x4.splat(1.2), a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4), a5 = f32x4.splat(1.5), a6 = f32x4.splat(1.6), a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8), a9 = f32x4.splat(1.9), a10 = f32x4.splat(2.0), a11 = f32x4.splat(2.1);
  const x = f32x4.splat(0.9999);
  const y = f32x4.splat(0.00001);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.relaxed_madd(a0, x, y);
    a1 = f32x4.relaxed_madd(a1, x, y);
    a2 = f32x4.relaxed_madd(a2, x, y);
    a3 = f32x4.relaxed_madd(a3, x, y);
    a4 = f32x4.relaxed_madd(a4, x, y);
    a5 = f32x4.relaxed_madd(a5, x, y);
    a6 = f32x4.relaxed_madd(a6, x, y);
    a7 = f32x4.relaxed_madd(a7, x, y);
    a8 = f32x4.relaxed_madd(a8, x, y);
    a9 = f32x4.relaxed_madd(a9, x, y);
    a10 = f32x4.relaxed_madd(a10, x, y);
    a11 = f32x4.relaxed_madd(a11, x, y);
  }
  // Returned so the chains are live; the value itself means nothing.
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}

/** Flops per iteration of fmaPeak: 12 multiply-adds × 4 lanes × 2. */
export const FLOPS_PER_ITERATION: i32 = 96;
