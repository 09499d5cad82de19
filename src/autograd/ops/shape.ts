import { DataError, ShapeError, formatShape } from '../../errors';
import { copyAxisRange, gatherRows, permute, scatterAddRows } from '../../kernels';
import { Tensor, type Shape } from '../../tensor/Tensor';
import { output, zeros } from '../buffers';
import { aroundAxis, normalizeAxis } from '../shapes';
import { Var, type Operand } from '../Var';

/*
 * Ops that move values without arithmetic; each gradient puts g back where the value came from:
 *   reshape:   dx = g reshaped to x's shape
 *   transpose: dx = g transposed by the inverse permutation
 *   slice:     dx = g inside the slice, 0 elsewhere
 *   concat:    dxᵢ = the part of g that came from xᵢ
 *   gather:    dW[iᵣ, :] += g[r, :]  (scatter-add: a row picked twice gets both gradients)
 */

export function reshape(x: Var, shape: Shape): Var {
  const y = x.value.reshape(shape);
  return Var.record(y, [x], (g) => x.addGrad(g, false));
}

export function transpose(x: Var, perm: readonly number[] | undefined): Var {
  const rank = x.shape.length;
  const order = perm === undefined
    ? Array.from({ length: rank }, (_, d) => rank - 1 - d)
    : perm.map((axis) => normalizeAxis(axis, rank, 'Var.transpose'));
  if (order.length !== rank || new Set(order).size !== rank) {
    throw new ShapeError(
      `Var.transpose: expected a permutation of the ${rank} axes of ${formatShape(x.shape)}, got ${JSON.stringify(perm)}`,
    );
  }
  const y = output(order.map((d) => x.shape[d] as number), x.dtype);
  permute(x.value.data, x.shape, order, y.data);
  const inverse = new Array<number>(rank);
  order.forEach((d, i) => (inverse[d] = i));
  return Var.record(y, [x], (g) => {
    const dx = output(x.shape, x.dtype);
    permute(g.data, y.shape, inverse, dx.data);
    x.addGrad(dx, true);
  });
}

export function slice(x: Var, axis: number, start: number, end?: number): Var {
  const a = normalizeAxis(axis, x.shape.length, 'Var.slice');
  const size = x.shape[a] as number;
  const from = start < 0 ? start + size : start;
  const to = end === undefined ? size : end < 0 ? end + size : end;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > size || from > to) {
    throw new ShapeError(
      `Var.slice: expected 0 ≤ start ≤ end ≤ ${size} on axis ${axis} of ${formatShape(x.shape)}, got start ${start}, end ${end ?? size}`,
    );
  }
  const { outer, inner } = aroundAxis(x.shape, a);
  const count = to - from;
  const y = output(x.shape.map((dim, d) => (d === a ? count : dim)), x.dtype);
  copyAxisRange(x.value.data, size, from, y.data, count, 0, count, outer, inner);
  return Var.record(y, [x], (g) => {
    const dx = zeros(x.shape, x.dtype);
    copyAxisRange(g.data, count, 0, dx.data, size, from, count, outer, inner);
    x.addGrad(dx, true);
  });
}

/** The values joined along `axis`; every other dimension must agree. */
export function concat(operands: readonly (Var | Tensor)[], axis: number): Var {
  if (!Array.isArray(operands) || operands.length === 0) {
    throw new ShapeError('concat: expected a non-empty array of values');
  }
  const values = operands.map((v) => Var.of(v, 'float32'));
  const first = values[0] as Var;
  const a = normalizeAxis(axis, first.shape.length, 'concat');
  values.forEach((v, i) => {
    const fits = v.shape.length === first.shape.length && v.shape.every((dim, d) => d === a || dim === first.shape[d]);
    if (!fits) {
      throw new ShapeError(
        `concat: expected values[${i}] to match values[0] ${formatShape(first.shape)} on every axis but ${a}, got ${formatShape(v.shape)}`,
      );
    }
  });
  const total = values.reduce((n, v) => n + (v.shape[a] as number), 0);
  const shape = first.shape.map((dim, d) => (d === a ? total : dim));
  const dtype = values.some((v) => v.dtype === 'float64') ? 'float64' : 'float32';
  const y = output(shape, dtype);
  const { outer, inner } = aroundAxis(shape, a);
  const starts: number[] = [];
  let at = 0;
  for (const v of values) {
    const n = v.shape[a] as number;
    starts.push(at);
    copyAxisRange(v.value.data, n, 0, y.data, total, at, n, outer, inner);
    at += n;
  }
  return Var.record(y, values, (g) => {
    values.forEach((v, i) => {
      if (!v.requiresGrad) return;
      const n = v.shape[a] as number;
      const dv = output(v.shape, v.dtype);
      copyAxisRange(g.data, total, starts[i] as number, dv.data, n, 0, n, outer, inner);
      v.addGrad(dv, true);
    });
  });
}

/**
 * Rows of a 2-D value picked by integer indices (an embedding lookup): rows [n, d], indices of
 * any shape S → [...S, d] (a plain array of indices: S = [length]).
 */
export function gather(rows: Operand, indices: readonly number[] | Tensor): Var {
  const table = Var.of(rows, 'float32');
  if (table.shape.length !== 2) {
    throw new ShapeError(`gather: expected rows of shape [n, d], got ${formatShape(table.shape)}`);
  }
  const [n, cols] = table.shape as [number, number];
  const index = indices instanceof Tensor ? indices : Tensor.from(indices as number[], [indices.length], 'float64');
  const picked = new Int32Array(index.size);
  for (let i = 0; i < index.size; i++) {
    const value = index.data[i] as number;
    if (!Number.isInteger(value) || value < 0 || value >= n) {
      throw new DataError(`gather: expected indices that are integers in [0, ${n - 1}], got ${value} at position ${i}`);
    }
    picked[i] = value;
  }
  const y = output([...index.shape, cols], table.dtype);
  gatherRows(table.value.data, cols, picked, y.data);
  return Var.record(y, [table], (g) => {
    const dW = table.gradTarget();
    if (dW.beta === 0) dW.data.fill(0);
    scatterAddRows(g.data, cols, picked, dW.data);
  });
}
