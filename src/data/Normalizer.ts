import { ConfigError, ShapeError, formatShape } from '../errors';
import { columnMeanStd, columnMinMax, shiftScaleColumns, subVectors } from '../kernels';
import { Tensor } from '../tensor/Tensor';

export const NORMALIZATIONS = ['none', 'standard', 'minmax'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/**
 * A per-feature transform fitted on training data and stored in the model file (plain JSON), so
 * that evaluate and predict apply exactly the transform training used:
 *   standard: x' = (x − mean) / std        minmax: x' = (x − min) / (max − min)
 * A constant feature (std or range 0) is only shifted.
 */
export type Normalizer =
  | { readonly type: 'none' }
  | { readonly type: 'standard'; readonly mean: readonly number[]; readonly std: readonly number[] }
  | { readonly type: 'minmax'; readonly min: readonly number[]; readonly max: readonly number[] };

/** Fits a normalizer on `x` ([rows, features]): call it on the training part only. */
export function fitNormalizer(type: Normalization, x: Tensor): Normalizer {
  const [rows, cols] = matrixShape(x, 'fitNormalizer');
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'standard': {
      const mean = new Float64Array(cols);
      const std = new Float64Array(cols);
      columnMeanStd(x.data, rows, cols, mean, std);
      return { type: 'standard', mean: Array.from(mean), std: Array.from(std) };
    }
    case 'minmax': {
      const min = new Float64Array(cols);
      const max = new Float64Array(cols);
      columnMinMax(x.data, rows, cols, min, max);
      return { type: 'minmax', min: Array.from(min), max: Array.from(max) };
    }
    default:
      throw new ConfigError(`fitNormalizer: expected one of "none", "standard", "minmax", got ${JSON.stringify(type)}`);
  }
}

/** Applies a fitted normalizer to `x` ([rows, features]); returns a new tensor. */
export function applyNormalizer(normalizer: Normalizer, x: Tensor): Tensor {
  const [rows, cols] = matrixShape(x, 'applyNormalizer');
  const out = x.clone();
  if (normalizer.type === 'none') return out;
  const shift = normalizer.type === 'standard' ? normalizer.mean : normalizer.min;
  if (shift.length !== cols) {
    throw new ShapeError(`applyNormalizer: expected ${shift.length} features (as in training), got ${cols}`);
  }
  let spread: ArrayLike<number>;
  if (normalizer.type === 'standard') {
    spread = normalizer.std;
  } else {
    const range = new Float64Array(cols);
    subVectors(normalizer.max, normalizer.min, range);
    spread = range;
  }
  shiftScaleColumns(x.data, rows, cols, shift, spread, out.data);
  return out;
}

/** Checks a normalizer read from a model file (untrusted JSON). */
export function isNormalizer(value: unknown): value is Normalizer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const numbers = (a: unknown): boolean => Array.isArray(a) && a.every((n) => typeof n === 'number');
  if (v.type === 'none') return true;
  if (v.type === 'standard') return numbers(v.mean) && numbers(v.std) && (v.mean as []).length === (v.std as []).length;
  if (v.type === 'minmax') return numbers(v.min) && numbers(v.max) && (v.min as []).length === (v.max as []).length;
  return false;
}

function matrixShape(x: Tensor, where: string): [number, number] {
  if (x.rank !== 2) throw new ShapeError(`${where}: expected a [rows, features] tensor, got ${formatShape(x.shape)}`);
  return [x.shape[0] as number, x.shape[1] as number];
}
