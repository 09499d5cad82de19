import type { FloatArray } from '../tensor/Tensor';

/*
 * Loss kernels. Forward kernels return the SUM of the per-element (or per-row) losses; the loss
 * classes divide by the element or batch count, so the reduction policy lives in one place.
 * Gradient kernels write grad = scale · ∂(sum)/∂prediction, where scale is that 1/count.
 * `labels` hold class indices as floats (a Tensor of shape [batch]); they are validated with
 * `invalidLabelIndex` before any kernel indexes with them.
 */

/** Σ (p − t)² */
export function squaredErrorSum(p: FloatArray, t: FloatArray): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const d = (p[i] as number) - (t[i] as number);
    total += d * d;
  }
  return total;
}

/** grad = scale · 2(p − t) */
export function squaredErrorGrad(p: FloatArray, t: FloatArray, scale: number, grad: FloatArray): void {
  const s = 2 * scale;
  for (let i = 0; i < p.length; i++) grad[i] = s * ((p[i] as number) - (t[i] as number));
}

/** Σ |p − t| */
export function absoluteErrorSum(p: FloatArray, t: FloatArray): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += Math.abs((p[i] as number) - (t[i] as number));
  return total;
}

/** grad = scale · sign(p − t), with sign(0) = 0 as in PyTorch. */
export function absoluteErrorGrad(p: FloatArray, t: FloatArray, scale: number, grad: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const d = (p[i] as number) - (t[i] as number);
    grad[i] = d > 0 ? scale : d < 0 ? -scale : 0;
  }
}

/** Σ huber(p − t): ½d² for |d| < δ, δ(|d| − ½δ) otherwise. */
export function huberSum(p: FloatArray, t: FloatArray, delta: number): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const z = Math.abs((p[i] as number) - (t[i] as number));
    total += z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
  }
  return total;
}

/** grad = scale · clamp(p − t, −δ, δ) */
export function huberGrad(p: FloatArray, t: FloatArray, delta: number, scale: number, grad: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const d = (p[i] as number) - (t[i] as number);
    grad[i] = scale * (d > delta ? delta : d < -delta ? -delta : d);
  }
}

/** The first index holding NaN or ±Infinity, or −1. */
export function firstNonFinite(x: FloatArray): number {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i] as number)) return i;
  }
  return -1;
}

/** The first index whose value lies outside [low, high], or −1 (NaN passes: it is reported as a NaN loss). */
export function indexOutside(x: FloatArray, low: number, high: number): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v < low || v > high) return i;
  }
  return -1;
}

/** Σ −(t·log p + (1 − t)·log(1 − p)), each log clamped at −100 as PyTorch does (so p = 0 or 1 is finite). */
export function bceSum(p: FloatArray, t: FloatArray): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const prob = p[i] as number;
    const target = t[i] as number;
    const logP = Math.max(Math.log(prob), -100);
    const log1mP = Math.max(Math.log1p(-prob), -100);
    total -= target * logP + (1 - target) * log1mP;
  }
  return total;
}

/** grad = scale · (p − t) / max(p(1 − p), 1e-12)  (PyTorch's epsilon keeps p = 0 or 1 finite). */
export function bceGrad(p: FloatArray, t: FloatArray, scale: number, grad: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const prob = p[i] as number;
    grad[i] = (scale * (prob - (t[i] as number))) / Math.max(prob * (1 - prob), 1e-12);
  }
}

/** Σ max(z, 0) − z·t + log(1 + e^−|z|): BCE of σ(z) without ever forming σ(z) or overflowing exp. */
export function bceWithLogitsSum(z: FloatArray, t: FloatArray): number {
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    const v = z[i] as number;
    total += Math.max(v, 0) - v * (t[i] as number) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return total;
}

/** grad = scale · (σ(z) − t) */
export function bceWithLogitsGrad(z: FloatArray, t: FloatArray, scale: number, grad: FloatArray): void {
  for (let i = 0; i < z.length; i++) {
    const v = z[i] as number;
    const e = Math.exp(-Math.abs(v));
    const sigma = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    grad[i] = scale * (sigma - (t[i] as number));
  }
}

/**
 * The first index whose label is not an integer in 0..classes−1 (nor equal to `ignore`), or −1 when
 * all are valid.
 */
export function invalidLabelIndex(labels: FloatArray, classes: number, ignore = NaN): number {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label === ignore) continue;
    if (!Number.isInteger(label) || label < 0 || label >= classes) return i;
  }
  return -1;
}

/**
 * Fused softmax cross-entropy with class labels, row by row with the row maximum subtracted:
 *   lse = max + log Σ exp(x − max),  loss_r = lse − x[r, label_r],  probs[r, :] = exp(x − lse).
 * Returns Σ_r loss_r; probs is the softmax backward needs. Rows labelled `ignore` are skipped
 * (no loss; their probs are left as they were).
 */
export function crossEntropyLabelsSum(
  logits: FloatArray,
  labels: FloatArray,
  rows: number,
  cols: number,
  probs: FloatArray,
  ignore = NaN,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (labels[r] === ignore) continue;
    const start = r * cols;
    const lse = logSumExpRow(logits, start, cols);
    for (let i = start; i < start + cols; i++) probs[i] = Math.exp((logits[i] as number) - lse);
    total += lse - (logits[start + (labels[r] as number)] as number);
  }
  return total;
}

/**
 * Softmax cross-entropy with probability (or one-hot) targets:
 *   loss_r = Σ_c t[r, c]·(lse_r − x[r, c]),  probs[r, :] = softmax(x[r, :]).
 */
export function crossEntropyTargetsSum(
  logits: FloatArray,
  targets: FloatArray,
  rows: number,
  cols: number,
  probs: FloatArray,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const lse = logSumExpRow(logits, start, cols);
    for (let i = start; i < start + cols; i++) {
      const x = logits[i] as number;
      probs[i] = Math.exp(x - lse);
      const t = targets[i] as number;
      // 0·(lse − x) is 0 even where x = −Infinity; skip it so no NaN appears.
      if (t !== 0) total += t * (lse - x);
    }
  }
  return total;
}

/** grad[r, :] = scale · (probs[r, :] − onehot(label_r)); zeros for rows labelled `ignore`. */
export function softmaxMinusOneHot(
  probs: FloatArray,
  labels: FloatArray,
  rows: number,
  cols: number,
  scale: number,
  grad: FloatArray,
  ignore = NaN,
): void {
  for (let i = 0; i < rows * cols; i++) grad[i] = scale * (probs[i] as number);
  for (let r = 0; r < rows; r++) {
    const label = labels[r] as number;
    if (label === ignore) grad.fill(0, r * cols, (r + 1) * cols);
    else grad[r * cols + label]! -= scale;
  }
}

/** How many labels differ from `ignore` (the positions a loss with ignoreIndex averages over). */
export function countCounted(labels: FloatArray, ignore: number): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== ignore) count++;
  return count;
}

/** grad[r, :] = scale · (probs[r, :]·Σ_c t[r, c] − t[r, :])  (= probs − t when rows of t sum to 1). */
export function softmaxMinusTargets(
  probs: FloatArray,
  targets: FloatArray,
  rows: number,
  cols: number,
  scale: number,
  grad: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let mass = 0;
    for (let i = start; i < start + cols; i++) mass += targets[i] as number;
    for (let i = start; i < start + cols; i++) {
      grad[i] = scale * ((probs[i] as number) * mass - (targets[i] as number));
    }
  }
}

/** Σ_r −logp[r, label_r] */
export function nllLabelsSum(logProbs: FloatArray, labels: FloatArray, rows: number, cols: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) total -= logProbs[r * cols + (labels[r] as number)] as number;
  return total;
}

/** grad = −scale · onehot(labels) */
export function nllLabelsGrad(labels: FloatArray, rows: number, cols: number, scale: number, grad: FloatArray): void {
  grad.fill(0, 0, rows * cols);
  for (let r = 0; r < rows; r++) grad[r * cols + (labels[r] as number)] = -scale;
}

function logSumExpRow(x: FloatArray, start: number, cols: number): number {
  let max = -Infinity;
  for (let i = start; i < start + cols; i++) max = Math.max(max, x[i] as number);
  if (max === -Infinity || max === Infinity) return max;
  let total = 0;
  for (let i = start; i < start + cols; i++) total += Math.exp((x[i] as number) - max);
  return max + Math.log(total);
}

/** Σ smoothL1(p − t): ½d²/β for |d| < β, |d| − ½β otherwise (β = 0: Σ |d|). */
export function smoothL1Sum(p: FloatArray, t: FloatArray, beta: number): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const z = Math.abs((p[i] as number) - (t[i] as number));
    total += z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
  }
  return total;
}

/** grad = scale · (d/β for |d| < β, sign(d) otherwise), d = p − t, sign(0) = 0. */
export function smoothL1Grad(p: FloatArray, t: FloatArray, beta: number, scale: number, grad: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const d = (p[i] as number) - (t[i] as number);
    grad[i] = scale * (Math.abs(d) < beta ? d / beta : d > 0 ? 1 : d < 0 ? -1 : 0);
  }
}

/** Σ t·(log t − x) over log-probabilities x and probabilities t, with 0·log 0 = 0 (and 0·x = 0). */
export function klDivSum(x: FloatArray, t: FloatArray): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const target = t[i] as number;
    if (target !== 0) total += target * (Math.log(target) - (x[i] as number));
  }
  return total;
}

/** grad = −scale · t */
export function klDivGrad(t: FloatArray, scale: number, grad: FloatArray): void {
  for (let i = 0; i < t.length; i++) grad[i] = -scale * (t[i] as number);
}
