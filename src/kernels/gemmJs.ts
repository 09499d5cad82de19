import type { FloatArray } from '../tensor/Tensor';

/*
 * Reference GEMM on typed arrays, row-major:  C = alpha · op(A) · op(B) + beta · C,
 * op(A): [m, k] (A stored [m, k], or [k, m] when transA), op(B): [k, n] (B stored [k, n], or [n, k]
 * when transB), C: [m, n].
 *
 * Blocked like BLIS: op(B) is packed in KC×4 column panels and op(A) in MC×KC blocks of 4-row
 * panels, so the transposes are absorbed by packing and the 4×4 micro-kernel always streams two
 * contiguous panels. The packed buffers are float64 (no float32→double conversion in the inner
 * loop) and are module-level, grown once: no allocation per call.
 */

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * 1024);
const edge = new Float64Array(MR * NR);

export function gemmJs(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  const cSize = m * n;
  if (beta === 0) c.fill(0, 0, cSize);
  else if (beta !== 1) for (let i = 0; i < cSize; i++) c[i] = (c[i] as number) * beta;
  if (alpha === 0 || k === 0 || m === 0 || n === 0) return;

  const nPadded = Math.ceil(n / NR) * NR;
  if (packB.length < KC * nPadded) packB = new Float64Array(KC * nPadded);

  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    packPanelsB(b, transB, k, n, pc, kc);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      packPanelsA(a, transA, m, k, ic, mc, pc, kc);
      for (let jr = 0; jr < n; jr += NR) {
        for (let ir = 0; ir < mc; ir += MR) {
          microKernel(kc, ir * kc, jr * kc, c, ic + ir, jr, m, n, alpha);
        }
      }
    }
  }
}

/** op(B)[pc:pc+kc, :] → panels of 4 columns, each kc×4 contiguous, zero-padded past n. */
function packPanelsB(b: FloatArray, transB: boolean, k: number, n: number, pc: number, kc: number): void {
  const out = packB;
  let o = 0;
  for (let jr = 0; jr < n; jr += NR) {
    const cols = Math.min(NR, n - jr);
    for (let p = 0; p < kc; p++) {
      const row = pc + p;
      for (let j = 0; j < NR; j++) {
        out[o++] = j < cols ? (transB ? (b[(jr + j) * k + row] as number) : (b[row * n + jr + j] as number)) : 0;
      }
    }
  }
}

/** op(A)[ic:ic+mc, pc:pc+kc] → panels of 4 rows, each kc×4 contiguous, zero-padded past m. */
function packPanelsA(
  a: FloatArray,
  transA: boolean,
  m: number,
  k: number,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
): void {
  const needed = Math.ceil(mc / MR) * MR * kc;
  if (packA.length < needed) packA = new Float64Array(needed);
  const out = packA;
  let o = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    for (let p = 0; p < kc; p++) {
      const col = pc + p;
      for (let i = 0; i < MR; i++) {
        const row = ic + ir + i;
        out[o++] = i < rows ? (transA ? (a[col * m + row] as number) : (a[row * k + col] as number)) : 0;
      }
    }
  }
}

function microKernel(
  kc: number,
  aOffset: number,
  bOffset: number,
  c: FloatArray,
  row0: number,
  col0: number,
  m: number,
  n: number,
  alpha: number,
): void {
  const pa = packA;
  const pb = packB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ai = aOffset;
  let bi = bOffset;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ai] as number, a1 = pa[ai + 1] as number, a2 = pa[ai + 2] as number, a3 = pa[ai + 3] as number;
    const b0 = pb[bi] as number, b1 = pb[bi + 1] as number, b2 = pb[bi + 2] as number, b3 = pb[bi + 3] as number;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ai += 4;
    bi += 4;
  }
  const rows = Math.min(MR, m - row0);
  const cols = Math.min(NR, n - col0);
  if (rows === MR && cols === NR) {
    let o = row0 * n + col0;
    c[o]! += alpha * c00; c[o + 1]! += alpha * c01; c[o + 2]! += alpha * c02; c[o + 3]! += alpha * c03;
    o += n;
    c[o]! += alpha * c10; c[o + 1]! += alpha * c11; c[o + 2]! += alpha * c12; c[o + 3]! += alpha * c13;
    o += n;
    c[o]! += alpha * c20; c[o + 1]! += alpha * c21; c[o + 2]! += alpha * c22; c[o + 3]! += alpha * c23;
    o += n;
    c[o]! += alpha * c30; c[o + 1]! += alpha * c31; c[o + 2]! += alpha * c32; c[o + 3]! += alpha * c33;
    return;
  }
  const block = edge;
  block[0] = c00; block[1] = c01; block[2] = c02; block[3] = c03;
  block[4] = c10; block[5] = c11; block[6] = c12; block[7] = c13;
  block[8] = c20; block[9] = c21; block[10] = c22; block[11] = c23;
  block[12] = c30; block[13] = c31; block[14] = c32; block[15] = c33;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      c[(row0 + i) * n + col0 + j]! += alpha * (block[i * 4 + j] as number);
    }
  }
}
