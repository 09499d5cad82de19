import type { FloatArray } from '../tensor/Tensor';

/*
 * Counting kernels for metrics (accuracy, confusion matrix). Labels are class indices stored in an
 * Int32Array; the argmax of a row of scores is argmaxRows in rows.ts.
 */

/** out[i] = 1 if x[i] > threshold else 0 (binary predictions from one output column). */
export function thresholdLabels(x: FloatArray, threshold: number, out: Int32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) > threshold ? 1 : 0;
}

/**
 * out[i] = x[i] for class labels stored as floats. Returns the index of the first value that is not
 * an integer in [0, classes), or −1 when all are valid (pass Infinity to skip the upper bound).
 */
export function toLabels(x: FloatArray, classes: number, out: Int32Array): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= classes) return i;
    out[i] = v;
  }
  return -1;
}

/** Number of positions where a[i] === b[i], for i < n. */
export function countEqual(a: Int32Array, b: Int32Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) count++;
  return count;
}

/** Number of positions where predicted[i] equals labels[i], skipping labels equal to `ignore`. */
export function countEqualLabels(predicted: Int32Array, labels: FloatArray, ignore: number): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label !== ignore && predicted[i] === label) count++;
  }
  return count;
}

/**
 * out[t·classes + p] += 1 for each pair (truth t, prediction p): rows are true classes, columns
 * predicted ones (scikit-learn's convention). Returns the index of the first pair with a label
 * outside [0, classes), or −1.
 */
export function confusionCounts(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  classes: number,
  out: Int32Array,
): number {
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= classes || p >= classes) return i;
    out[t * classes + p]! += 1;
  }
  return -1;
}
