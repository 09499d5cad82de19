import { ShapeError, formatShape } from '../errors';
import type { Shape } from '../tensor/Tensor';

/* Shape rules of the autograd ops: NumPy broadcasting and axes that may count from the end. */

/** NumPy broadcasting: shapes aligned on the right; each pair of sizes is equal or one of them is 1. */
export function broadcastShape(a: Shape, b: Shape, where: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const da = a[a.length - rank + d] ?? 1;
    const db = b[b.length - rank + d] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${where}: expected shapes that broadcast (equal sizes or 1, aligned on the right), got ${formatShape(a)} and ${formatShape(b)}`,
      );
    }
    out[d] = da === 1 ? db : da;
  }
  return out;
}

/** An axis in 0..rank−1; −1 is the last one. */
export function normalizeAxis(axis: number, rank: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(`${where}: expected an axis in [${-rank}, ${rank - 1}] for a value of rank ${rank}, got ${axis}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Distinct axes, sorted; undefined means all of them. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, where: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, d) => d);
  const list = (typeof axes === 'number' ? [axes] : axes).map((axis) => normalizeAxis(axis, rank, where));
  if (new Set(list).size !== list.length) {
    throw new ShapeError(`${where}: expected distinct axes, got ${JSON.stringify(axes)}`);
  }
  return list.sort((x, y) => x - y);
}

/** The value seen as [outer, n, inner] around `axis`. */
export function aroundAxis(shape: Shape, axis: number): { outer: number; n: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d] as number;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d] as number;
  return { outer, n: shape[axis] as number, inner };
}
