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
 * training. `where` names the setting in errors (the CLI passes its config key).
 */
export function splitIndices(rows: number, validationFraction: number, seed: number, where = 'splitIndices: validationFraction'): SplitIndices {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new ConfigError(`${where}: expected a fraction in [0, 1), got ${validationFraction}`);
  }
  const order = createRng(seed).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const validationRows = Math.round(rows * validationFraction);
  if (validationFraction > 0 && (validationRows === 0 || validationRows === rows)) {
    throw new ConfigError(
      `${where}: a validation fraction of ${validationFraction} leaves no rows for ${validationRows === 0 ? 'validation' : 'training'} out of ${rows} rows; use more data or another fraction`,
    );
  }
  return { validation: order.slice(0, validationRows), train: order.slice(validationRows) };
}
