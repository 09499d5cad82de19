import { ConfigError, ShapeError, formatShape } from '../../errors';
import { shapeSize, type Shape } from '../../tensor/Tensor';
import { label } from './MergeLayer';

/** An axis of a [batch, …] tensor: 1 ≤ axis < rank, or negative from the end (-1 = last). */
export function checkAxis(where: string, axis: number): number {
  if (!Number.isInteger(axis) || axis === 0) {
    throw new ConfigError(`${where}: axis: expected a non-zero integer (1 = the first axis after the batch, -1 = the last), got ${axis}`);
  }
  return axis;
}

/**
 * The shape of tensors joined along `axis` (counted with the batch at 0): every other dimension
 * must agree. Returns the output shape and the block sizes the concat kernels need.
 */
export function concatShape(
  where: string,
  shapes: readonly Shape[],
  axis: number,
  labels?: readonly string[],
): { shape: Shape; outer: number; inners: number[] } {
  const first = shapes[0] as Shape;
  const rank = first.length;
  const at = axis < 0 ? rank + axis : axis;
  if (at < 1 || at >= rank) {
    throw new ShapeError(`${where}: axis ${axis} is outside inputs of rank ${rank} ${formatShape(first)}; expected 1..${rank - 1} or -1..-${rank - 1}`);
  }
  shapes.forEach((shape, i) => {
    const ok = shape.length === rank && shape.every((d, k) => k === at || d === first[k]);
    if (!ok) {
      throw new ShapeError(
        `${where}: expected inputs that agree on every axis but ${axis}, got ${label(labels, 0, first)} and ${label(labels, i, shape)}`,
      );
    }
  });
  const shape = [...first];
  shape[at] = shapes.reduce((total, s) => total + (s[at] as number), 0);
  return { shape, outer: shapeSize(first.slice(0, at)), inners: shapes.map((s) => shapeSize(s.slice(at))) };
}
