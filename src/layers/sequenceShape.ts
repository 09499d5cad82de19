import { ShapeError, formatShape } from '../errors';
import type { Shape } from '../tensor/Tensor';

/** Throws unless the shape is a sequence [batch, time, features] with time ≥ 1; returns it. */
export function expectSequence(where: string, shape: Shape, features?: number): [number, number, number] {
  const f = features === undefined ? 'features' : String(features);
  if (shape.length !== 3 || (shape[1] as number) < 1 || (features !== undefined && shape[2] !== features)) {
    throw new ShapeError(`${where}: expected input of shape [batch, time, ${f}] (time ≥ 1), got ${formatShape(shape)}`);
  }
  return shape as unknown as [number, number, number];
}
