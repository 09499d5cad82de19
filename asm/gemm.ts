/*
 * Float32 GEMM for the wasm backend, AssemblyScript compiled with 128-bit SIMD:
 *   C[i0:i1, j0:j1] = alpha · op(A) · op(B) + beta · C     (only that block of C is touched)
 * op(A): [m, k] (A stored [m, k], or [k, m] when transA), op(B): [k, n] (B stored [k, n], or
 * [n, k] when transB), C: [m, n], all row-major, addresses in bytes.
 *
 * BLIS structure: op(B) is packed in KC×NR column panels and op(A) in MC×KC blocks of MR-row
 * panels, so both transposes are absorbed by packing and the MR×NR micro-kernel always streams two
 * contiguous panels whatever the flags. The block range lets several threads share one product;
 * each thread passes its own pack buffers (packA: MC·KC floats, packB: KC·NC floats, tile: MR·NR).
 *
 * Register budget: V8 gives wasm 16 xmm registers on x64. The 4×8 tile keeps 8 accumulators, 2 B
 * vectors and 1 broadcast of A live; a 6×8 tile (15 live vectors) measured half as fast here,
 * because V8 spills.
 *
 * The same source builds two modules (asm/asconfig.json, `npm run build:wasm`): kubiki.wasm with
 * plain SIMD, where every multiply-add is an f32x4.mul then an f32x4.add (two roundings), and
 * kubiki-fma.wasm with `--enable relaxed-simd`, where `madd` below is f32x4.relaxed_madd (one
 * vfmadd231ps on x64 with FMA3; an engine may also lower it to mul+add). The two differ by rounding
 * only; src/kernels/wasm/WasmKernels.ts picks the FMA module where the runtime compiles it.
 * A 6×8 tile in the FMA build (12 accumulators) measured 5–8× slower in Node 20: V8 issues all six
 * broadcasts of A before the multiply-adds and spills accumulators to the stack.
 */

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 512;

/** First byte free for the host to manage (the module has no static data of its own). */
export function heapBase(): usize {
  return __heap_base;
}

export function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32, a: usize, b: usize, beta: f32, c: usize,
  i0: i32, i1: i32, j0: i32, j1: i32, packA: usize, packB: usize, tile: usize,
): void {
  scaleBlock(c, n, i0, i1, j0, j1, beta);
  if (alpha == 0 || k == 0 || i1 <= i0 || j1 <= j0) return;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelsB(b, transB, k, n, pc, kc, jc, nc, packB);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packPanelsA(a, transA, m, k, ic, mc, pc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const pb = packB + (<usize>(jr * kc) << 2);
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const pa = packA + (<usize>(ir * kc) << 2);
            const dst = c + (<usize>(ic + ir) * <usize>n + <usize>(jc + jr)) * 4;
            microKernel(kc, pa, pb, dst, n, alpha, rows, cols, tile);
          }
        }
      }
    }
  }
}

/** C[i0:i1, j0:j1] *= beta, with beta = 0 writing zeros (so NaN in an uninitialised C is dropped). */
function scaleBlock(c: usize, n: i32, i0: i32, i1: i32, j0: i32, j1: i32, beta: f32): void {
  if (beta == 1) return;
  const vbeta = f32x4.splat(beta);
  for (let i = i0; i < i1; i++) {
    let p = c + (<usize>i * <usize>n + <usize>j0) * 4;
    const end = c + (<usize>i * <usize>n + <usize>j1) * 4;
    if (beta == 0) {
      memory.fill(p, 0, end - p);
      continue;
    }
    for (; p + 16 <= end; p += 16) v128.store(p, f32x4.mul(v128.load(p), vbeta));
    for (; p < end; p += 4) store<f32>(p, load<f32>(p) * beta);
  }
}

/** op(B)[pc:pc+kc, jc:jc+nc] → panels of NR columns, each kc×NR contiguous, zero-padded past nc. */
function packPanelsB(b: usize, transB: i32, k: i32, n: i32, pc: i32, kc: i32, jc: i32, nc: i32, out: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const j = jc + jr;
    if (!transB && cols == NR) {
      // Rows of B are contiguous: two vector loads per packed row.
      let src = b + (<usize>pc * <usize>n + <usize>j) * 4;
      const stride = <usize>n << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += stride;
        out += NR << 2;
      }
    } else if (transB && cols == NR) {
      // B stored [n, k]: column j of op(B) is row j of B; read 4 k-steps of 8 rows and transpose.
      const stride = <usize>k << 2;
      let src = b + (<usize>j * <usize>k + <usize>pc) * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4(src, stride, out, NR << 2);
        transpose4(src + 4 * stride, stride, out + 16, NR << 2);
        src += 16;
        out += 4 * NR << 2;
      }
      for (; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) store<f32>(out + (<usize>jj << 2), load<f32>(src + <usize>jj * stride));
        src += 4;
        out += NR << 2;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const row = pc + p;
        for (let jj = 0; jj < NR; jj++) {
          let v: f32 = 0;
          if (jj < cols) {
            const col = j + jj;
            v = transB
              ? load<f32>(b + (<usize>col * <usize>k + <usize>row) * 4)
              : load<f32>(b + (<usize>row * <usize>n + <usize>col) * 4);
          }
          store<f32>(out + (<usize>jj << 2), v);
        }
        out += NR << 2;
      }
    }
  }
}

/** op(A)[ic:ic+mc, pc:pc+kc] → panels of MR rows, each kc×MR contiguous, zero-padded past mc. */
function packPanelsA(a: usize, transA: i32, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32, out: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const i = ic + ir;
    if (transA && rows == MR) {
      // A stored [k, m]: the MR values of one k-step are contiguous.
      let src = a + (<usize>pc * <usize>m + <usize>i) * 4;
      const stride = <usize>m << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(src));
        src += stride;
        out += MR << 2;
      }
    } else if (!transA && rows == MR) {
      // Rows of A are contiguous along k: read 4 k-steps of the 4 rows and transpose.
      const stride = <usize>k << 2;
      let src = a + (<usize>i * <usize>k + <usize>pc) * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4(src, stride, out, MR << 2);
        src += 16;
        out += 4 * MR << 2;
      }
      for (; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) store<f32>(out + (<usize>ii << 2), load<f32>(src + <usize>ii * stride));
        src += 4;
        out += MR << 2;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const col = pc + p;
        for (let ii = 0; ii < MR; ii++) {
          let v: f32 = 0;
          if (ii < rows) {
            const row = i + ii;
            v = transA
              ? load<f32>(a + (<usize>col * <usize>m + <usize>row) * 4)
              : load<f32>(a + (<usize>row * <usize>k + <usize>col) * 4);
          }
          store<f32>(out + (<usize>ii << 2), v);
        }
        out += MR << 2;
      }
    }
  }
}

/**
 * Reads a 4×4 block (4 rows `stride` bytes apart, 4 floats each) and writes its transpose as 4 rows
 * `outStride` bytes apart: out[q][r] = src[r][q].
 */
@inline
function transpose4(src: usize, stride: usize, out: usize, outStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + stride);
  const r2 = v128.load(src + 2 * stride);
  const r3 = v128.load(src + 3 * stride);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(out + outStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(out + 2 * outStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(out + 3 * outStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * C[0:rows, 0:cols] += alpha · Apanel · Bpanel for one MR×NR tile; `c` points at the tile's corner
 * in a row-major C with `ldc` columns. Edge tiles go through `tile` so no write leaves the block.
 */
@inline
function microKernel(
  kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, alpha: f32, rows: i32, cols: i32, tile: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(pa, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(pa, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(pa, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    pa += MR << 2;
    pb += NR << 2;
  }
  const va = f32x4.splat(alpha);
  const ldcBytes = <usize>ldc << 2;
  if (rows == MR && cols == NR) {
    let o = c;
    addRow(o, c00, c01, va); o += ldcBytes;
    addRow(o, c10, c11, va); o += ldcBytes;
    addRow(o, c20, c21, va); o += ldcBytes;
    addRow(o, c30, c31, va);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let i = 0; i < rows; i++) {
    const row = c + <usize>i * ldcBytes;
    const t = tile + (<usize>(i * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const q = row + (<usize>j << 2);
      store<f32>(q, load<f32>(q) + alpha * load<f32>(t + (<usize>j << 2)));
    }
  }
}

/**
 * a·b + c lane-wise: fused (one rounding) in the relaxed-SIMD build, f32x4.mul then f32x4.add (two
 * roundings) otherwise. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each module holds
 * only one of the two branches.
 */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

@inline
function addRow(o: usize, lo: v128, hi: v128, va: v128): void {
  v128.store(o, f32x4.add(v128.load(o), f32x4.mul(va, lo)));
  v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(va, hi)), 16);
}
