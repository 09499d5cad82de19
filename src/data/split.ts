import { ConfigError } from '../errors';
import { gatherRows } from '../kernels';
import { createRng } from '../tensor/rng';
import { Tensor } from '../tensor/Tensor';

/** Rows `indices` of a tensor ([rows, …] → [indices.length, …]), copied. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const rowSize = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = Tensor.zeros([indices.length, ...t.shape.slice(1)], t.dtype);
  gatherRows(t.data, rowSize, indices, out.data);
  return out;
}

export interface SplitIndices {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * A reproducible random split of `rows` row indices: the same seed gives the same split on every
 * machine. round(rows · validationFraction) rows go to validation, the rest (in shuffled order) to
 * training.
 */
export function splitIndices(rows: number, validationFraction: number, seed: number): SplitIndices {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new ConfigError(`splitIndices: expected validationFraction in [0, 1), got ${validationFraction}`);
  }
  const order = createRng(seed).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const validationRows = Math.round(rows * validationFraction);
  if (validationFraction > 0 && (validationRows === 0 || validationRows === rows)) {
    throw new ConfigError(
      `splitIndices: a validation fraction of ${validationFraction} leaves no rows for one side of ${rows} rows; use more data or another fraction`,
    );
  }
  return { validation: order.slice(0, validationRows), train: order.slice(validationRows) };
}
