import type { FloatArray } from '../tensor/Tensor';

/*
 * Scaled dot-product attention for all heads at once, reading the heads in place: q, k, v are
 * [batch·time, heads·d] rows (the projections' outputs), head h in columns h·d … h·d + d − 1.
 * probs is [batch, heads, time, time].
 */

/**
 * S = Q_h·K_hᵀ · scale (with S[i, j] = −∞ for j > i when causal), P = softmax over j,
 * O_h = P·V_h, for every batch b and head h; out is [batch·time, heads·d] like q.
 */
export function attentionForward(
  q: FloatArray, k: FloatArray, v: FloatArray, batch: number, time: number, heads: number, d: number,
  scale: number, causal: boolean, probs: FloatArray, out: FloatArray,
): void {
  const width = heads * d;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const col = h * d;
      for (let i = 0; i < time; i++) {
        const qi = (b * time + i) * width + col;
        const prow = ((b * heads + h) * time + i) * time;
        const last = causal ? i : time - 1;
        let max = -Infinity;
        for (let j = 0; j <= last; j++) {
          const kj = (b * time + j) * width + col;
          let s = 0;
          for (let c = 0; c < d; c++) s += (q[qi + c] as number) * (k[kj + c] as number);
          s *= scale;
          probs[prow + j] = s;
          if (s > max) max = s;
        }
        let total = 0;
        for (let j = 0; j <= last; j++) {
          const e = Math.exp((probs[prow + j] as number) - max);
          probs[prow + j] = e;
          total += e;
        }
        for (let j = last + 1; j < time; j++) probs[prow + j] = 0;
        const inv = 1 / total;
        for (let c = 0; c < d; c++) out[qi + c] = 0;
        for (let j = 0; j <= last; j++) {
          const p = (probs[prow + j] as number) * inv;
          probs[prow + j] = p;
          const vj = (b * time + j) * width + col;
          for (let c = 0; c < d; c++) out[qi + c]! += p * (v[vj + c] as number);
        }
      }
    }
  }
}

/**
 * Backward of attentionForward, from dO (like out) and the cached probs P:
 *   dV_h += Pᵀ·dO_h,  dP = dO_h·V_hᵀ,  dS = P ⊙ (dP − rowsum(P ⊙ dP)) · scale,
 *   dQ_h = dS·K_h,  dK_h = dSᵀ·Q_h.   dq, dk, dv are overwritten.
 */
export function attentionBackward(
  q: FloatArray, k: FloatArray, v: FloatArray, probs: FloatArray, dOut: FloatArray, batch: number, time: number,
  heads: number, d: number, scale: number, dq: FloatArray, dk: FloatArray, dv: FloatArray, dScores: FloatArray,
): void {
  const width = heads * d;
  dq.fill(0, 0, batch * time * width);
  dk.fill(0, 0, batch * time * width);
  dv.fill(0, 0, batch * time * width);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const col = h * d;
      for (let i = 0; i < time; i++) {
        const oi = (b * time + i) * width + col;
        const prow = ((b * heads + h) * time + i) * time;
        let dot = 0;
        for (let j = 0; j < time; j++) {
          const p = probs[prow + j] as number;
          const vj = (b * time + j) * width + col;
          let dp = 0;
          for (let c = 0; c < d; c++) {
            const g = dOut[oi + c] as number;
            dp += g * (v[vj + c] as number);
            dv[vj + c]! += p * g;
          }
          dScores[j] = dp;
          dot += p * dp;
        }
        for (let j = 0; j < time; j++) {
          const ds = (probs[prow + j] as number) * ((dScores[j] as number) - dot) * scale;
          if (ds === 0) continue;
          const kj = (b * time + j) * width + col;
          for (let c = 0; c < d; c++) {
            dq[oi + c]! += ds * (k[kj + c] as number);
            dk[kj + c]! += ds * (q[oi + c] as number);
          }
        }
      }
    }
  }
}
