import type { FloatArray, Shape } from '../tensor/Tensor';
import { addRowVector, sumRows } from './wasmDispatch';

/*
 * NumPy broadcasting over flat row-major arrays. Shapes are aligned on the right; a dimension of
 * size 1 (or a missing leading one) is repeated. The shapes are the caller's to check (autograd's
 * broadcastShape does); these kernels walk the output one innermost row at a time, so the inner
 * loop is a plain strided loop and a bias row ([batch, n] + [n]) costs what addRowVector does.
 */

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** Row-major strides of `shape` right-aligned to `rank` dimensions, 0 where a dimension is broadcast. */
function broadcastStrides(shape: Shape, rank: number): number[] {
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const dim = shape[d] as number;
    strides[rank - shape.length + d] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

/** True when `inner` (leading 1s aside) equals the last dimensions of `outer`: a row repeated down `outer`. */
function isTrailing(inner: Shape, outer: Shape): boolean {
  let start = 0;
  while (start < inner.length && inner[start] === 1) start++;
  const rest = inner.length - start;
  if (rest === 0 || rest > outer.length) return false;
  for (let d = 0; d < rest; d++) if (inner[start + d] !== outer[outer.length - rest + d]) return false;
  return true;
}

/** out[o..o+n) = a[oa + i·ia] op b[ob + i·ib] */
function binaryRow(
  op: BinaryOp, a: FloatArray, oa: number, ia: number, b: FloatArray, ob: number, ib: number,
  out: FloatArray, o: number, n: number,
): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[o + i] = (a[oa + i * ia] as number) + (b[ob + i * ib] as number);
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[o + i] = (a[oa + i * ia] as number) - (b[ob + i * ib] as number);
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[o + i] = (a[oa + i * ia] as number) * (b[ob + i * ib] as number);
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[o + i] = (a[oa + i * ia] as number) / (b[ob + i * ib] as number);
      return;
  }
}

/**
 * Calls `row(offsets…, outOffset)` for each innermost row of `outShape`, with the offsets of the
 * matching row in each operand (strides from broadcastStrides). One call per row, not per element.
 */
function forEachRow(
  outShape: Shape, strides: readonly number[][], row: (offsets: number[], outOffset: number) => void,
): void {
  const rank = outShape.length;
  const inner = rank === 0 ? 1 : (outShape[rank - 1] as number);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= outShape[d] as number;
  if (inner === 0 || rows === 0) return;
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  const offsets = strides.map(() => 0);
  for (let r = 0; r < rows; r++) {
    row(offsets, r * inner);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      for (let s = 0; s < strides.length; s++) offsets[s]! += strides[s]![d] as number;
      if ((index[d] as number) < (outShape[d] as number)) break;
      for (let s = 0; s < strides.length; s++) offsets[s]! -= (strides[s]![d] as number) * (outShape[d] as number);
      index[d] = 0;
    }
  }
}

/** out = a op b with broadcasting; `outShape` is the broadcast of `aShape` and `bShape`. */
export function broadcastBinary(
  op: BinaryOp, a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out: FloatArray, outShape: Shape,
): void {
  const n = out.length;
  if (a.length === n && b.length === n) return binaryRow(op, a, 0, 1, b, 0, 1, out, 0, n);
  if (b.length === 1) return binaryRow(op, a, 0, 1, b, 0, 0, out, 0, n);
  if (a.length === 1) return binaryRow(op, a, 0, 0, b, 0, 1, out, 0, n);
  if (op === 'add' && a.length === n && isTrailing(bShape, outShape)) {
    // A bias row: the same kernel as Linear's (wasm when selected).
    out.set(a);
    return addRowVector(out, b, n / b.length, b.length);
  }
  const rank = outShape.length;
  const sa = broadcastStrides(aShape, rank);
  const sb = broadcastStrides(bShape, rank);
  const inner = outShape[rank - 1] as number;
  const ia = sa[rank - 1] as number;
  const ib = sb[rank - 1] as number;
  forEachRow(outShape, [sa, sb], (offsets, o) => binaryRow(op, a, offsets[0] as number, ia, b, offsets[1] as number, ib, out, o, inner));
}

/**
 * out = beta·out + alpha·(x summed over the dimensions where `outShape` broadcasts to `xShape`):
 * the gradient of a broadcast operand, and sum over axes (outShape with 1 on the summed axes).
 */
export function reduceToShape(
  x: FloatArray, xShape: Shape, out: FloatArray, outShape: Shape, alpha = 1, beta = 0,
): void {
  if (beta === 0) out.fill(0);
  else if (beta !== 1) for (let i = 0; i < out.length; i++) out[i] = beta * (out[i] as number);
  if (out.length === x.length) {
    for (let i = 0; i < x.length; i++) out[i]! += alpha * (x[i] as number);
    return;
  }
  if (alpha === 1 && isTrailing(outShape, xShape)) {
    // A bias gradient (column sums): the same kernel as Linear's (wasm when selected).
    return sumRows(x, x.length / out.length, out.length, out, 1);
  }
  const rank = xShape.length;
  const so = broadcastStrides(outShape, rank);
  const inner = xShape[rank - 1] as number;
  const io = so[rank - 1] as number;
  forEachRow(xShape, [so], (offsets, o) => {
    const base = offsets[0] as number;
    if (io === 0) {
      let total = 0;
      for (let i = 0; i < inner; i++) total += x[o + i] as number;
      out[base]! += alpha * total;
    } else {
      for (let i = 0; i < inner; i++) out[base + i]! += alpha * (x[o + i] as number);
    }
  });
}

/** out = scale · x repeated to `outShape` (x's shape broadcasts to it). */
export function broadcastTo(x: FloatArray, xShape: Shape, out: FloatArray, outShape: Shape, scale = 1): void {
  if (x.length === out.length) {
    for (let i = 0; i < x.length; i++) out[i] = scale * (x[i] as number);
    return;
  }
  const rank = outShape.length;
  const sx = broadcastStrides(xShape, rank);
  const inner = outShape[rank - 1] as number;
  const ix = sx[rank - 1] as number;
  forEachRow(outShape, [sx], (offsets, o) => {
    const base = offsets[0] as number;
    for (let i = 0; i < inner; i++) out[o + i] = scale * (x[base + i * ix] as number);
  });
}

/**
 * out = x with its dimensions permuted: out.shape[d] = shape[perm[d]] (NumPy's transpose).
 */
export function permute(x: FloatArray, shape: Shape, perm: readonly number[], out: FloatArray): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0] as number;
    return;
  }
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d] as number;
  }
  const outShape = perm.map((p) => shape[p] as number);
  const permuted = perm.map((p) => strides[p] as number);
  const inner = outShape[rank - 1] as number;
  const ix = permuted[rank - 1] as number;
  forEachRow(outShape, [permuted], (offsets, o) => {
    const base = offsets[0] as number;
    for (let i = 0; i < inner; i++) out[o + i] = x[base + i * ix] as number;
  });
}
