import type { FloatArray } from '../tensor/Tensor';

/**
 * Draws one class per row from a softmax with temperature T over the classes [first, cols) of
 * logits x (row r starts at x[offset + r·stride]):
 *   p_c = exp((x_c − m)/T) / Σ_{k ≥ first} exp((x_k − m)/T),   m = max_{k ≥ first} x_k
 * out[r] = the smallest c with Σ_{k=first..c} p_k > u_r (u_r uniform in [0, 1) from `uniforms`).
 * T → 0 approaches the argmax, T = 1 is the model's own distribution, T > 1 flattens it.
 */
export function sampleRows(
  x: FloatArray,
  offset: number,
  stride: number,
  rows: number,
  cols: number,
  first: number,
  temperature: number,
  uniforms: ArrayLike<number>,
  out: Int32Array,
): void {
  const inv = 1 / temperature;
  for (let r = 0; r < rows; r++) {
    const start = offset + r * stride;
    let max = -Infinity;
    for (let c = first; c < cols; c++) max = Math.max(max, x[start + c] as number);
    let total = 0;
    for (let c = first; c < cols; c++) total += Math.exp(((x[start + c] as number) - max) * inv);
    const threshold = (uniforms[r] as number) * total;
    let cumulative = 0;
    let chosen = cols - 1; // rounding can leave the threshold a hair above the last sum
    for (let c = first; c < cols; c++) {
      cumulative += Math.exp(((x[start + c] as number) - max) * inv);
      if (cumulative > threshold) {
        chosen = c;
        break;
      }
    }
    out[r] = chosen;
  }
}
