import type { FloatArray } from '../tensor/Tensor';

/*
 * Column statistics and per-column affine maps on a [rows, cols] row-major matrix: what data-set
 * normalisation needs. Statistics are computed once on the training part and applied to any data.
 */

/** mean[c] = Σ_r x[r, c] / rows;  std[c] = √(Σ_r (x[r, c] − mean[c])² / rows)  (population std) */
export function columnMeanStd(x: FloatArray, rows: number, cols: number, mean: Float64Array, std: Float64Array): void {
  mean.fill(0);
  std.fill(0);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) mean[c]! += x[o] as number;
  }
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;
  // Two passes: the one-pass Σx² − n·mean² formula loses precision on large, nearly constant columns.
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) {
      const d = (x[o] as number) - (mean[c] as number);
      std[c]! += d * d;
    }
  }
  for (let c = 0; c < cols; c++) std[c] = Math.sqrt((std[c] as number) / rows);
}

/** min[c] = min_r x[r, c];  max[c] = max_r x[r, c] */
export function columnMinMax(x: FloatArray, rows: number, cols: number, min: Float64Array, max: Float64Array): void {
  min.fill(Infinity);
  max.fill(-Infinity);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) {
      const v = x[o] as number;
      if (v < (min[c] as number)) min[c] = v;
      if (v > (max[c] as number)) max[c] = v;
    }
  }
}

/**
 * y[r, c] = (x[r, c] − shift[c]) / spread[c], with spread 0 treated as 1 so that a constant column
 * (a blank pixel) maps to 0 instead of NaN. Standardisation: shift = mean, spread = std;
 * min-max scaling: shift = min, spread = max − min (passed in `spread`). `y` may alias `x`.
 */
export function shiftScaleColumns(
  x: FloatArray,
  rows: number,
  cols: number,
  shift: ArrayLike<number>,
  spread: ArrayLike<number>,
  y: FloatArray,
): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) {
      const s = spread[c] as number;
      y[o] = ((x[o] as number) - (shift[c] as number)) / (s === 0 ? 1 : s);
    }
  }
}

/** out[c] = b[c] − a[c] (the range max − min of min-max scaling). */
export function subVectors(b: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void {
  for (let c = 0; c < out.length; c++) out[c] = (b[c] as number) - (a[c] as number);
}

/** dst[i, :] = src[indices[i], :] for rows of `cols` values (splits and mini-batches). */
export function gatherRows(src: FloatArray, cols: number, indices: ArrayLike<number>, dst: FloatArray): void {
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] as number) * cols;
    dst.set(src.subarray(from, from + cols), i * cols);
  }
}
