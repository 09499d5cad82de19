import type { Rng } from '../tensor/rng';
import type { FloatArray } from '../tensor/Tensor';

/*
 * Activation kernels, forward and backward, one pair per function, so a faster backend can
 * replace them one by one. Backward kernels take what the forward cached (input x or output y),
 * the upstream gradient dy, and write dx. The formulas live in the layers' doc comments.
 */

export function reluForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? v : 0;
  }
}

export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) dx[i] = (x[i] as number) > 0 ? (dy[i] as number) : 0;
}

export function leakyReluForward(x: FloatArray, slope: number, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? v : slope * v;
  }
}

export function leakyReluBackward(x: FloatArray, slope: number, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) dx[i] = (x[i] as number) > 0 ? (dy[i] as number) : slope * (dy[i] as number);
}

export function eluForward(x: FloatArray, alpha: number, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? v : alpha * Math.expm1(v);
  }
}

/** dx = dy for x > 0, dy·(y + α) otherwise (since y = α(eˣ − 1)). */
export function eluBackward(x: FloatArray, y: FloatArray, alpha: number, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const g = dy[i] as number;
    dx[i] = (x[i] as number) > 0 ? g : g * ((y[i] as number) + alpha);
  }
}

/** σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for large |x|. */
export function sigmoidForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v >= 0) {
      y[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      y[i] = e / (1 + e);
    }
  }
}

/** dx = dy · y · (1 − y) */
export function sigmoidBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < y.length; i++) {
    const s = y[i] as number;
    dx[i] = (dy[i] as number) * s * (1 - s);
  }
}

export function tanhForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i] as number);
}

/** dx = dy · (1 − y²) */
export function tanhBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < y.length; i++) {
    const t = y[i] as number;
    dx[i] = (dy[i] as number) * (1 - t * t);
  }
}

/** softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|), stable for large |x|. */
export function softplusForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
}

/** dx = dy · σ(x) */
export function softplusBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    dx[i] = (dy[i] as number) * s;
  }
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** GELU, tanh form: y = ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))). */
export function geluForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_K * v * v * v)));
  }
}

/** dy/dx = ½(1 + t) + ½ x (1 − t²) √(2/π) (1 + 3·0.044715 x²), t = tanh(u). */
export function geluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const t = Math.tanh(GELU_C * (v + GELU_K * v * v * v));
    const dudx = GELU_C * (1 + 3 * GELU_K * v * v);
    dx[i] = (dy[i] as number) * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * dudx);
  }
}

/** SiLU (swish): y = x·σ(x), σ computed without overflow for large |x|. */
export function siluForward(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v >= 0 ? v / (1 + Math.exp(-v)) : (v * Math.exp(v)) / (1 + Math.exp(v));
  }
}

/** dx = dy · σ(x)·(1 + x·(1 − σ(x))) */
export function siluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    dx[i] = (dy[i] as number) * s * (1 + v * (1 - s));
  }
}

/**
 * PReLU on x viewed as [outer, channels, inner] with one slope per channel:
 * y = max(0, x) + w[c]·min(0, x).
 */
export function preluForward(x: FloatArray, weight: FloatArray, channels: number, inner: number, y: FloatArray): void {
  let i = 0;
  while (i < x.length) {
    for (let c = 0; c < channels; c++) {
      const w = weight[c] as number;
      for (let end = i + inner; i < end; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : w * v;
      }
    }
  }
}

/** dx = dy for x > 0, w[c]·dy otherwise;  dw[c] += Σ min(0, x)·dy over that channel's entries. */
export function preluBackward(
  x: FloatArray, weight: FloatArray, channels: number, inner: number, dy: FloatArray, dx: FloatArray, dWeight: FloatArray,
): void {
  let i = 0;
  while (i < x.length) {
    for (let c = 0; c < channels; c++) {
      const w = weight[c] as number;
      let sum = 0;
      for (let end = i + inner; i < end; i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        if (v > 0) {
          dx[i] = g;
        } else {
          dx[i] = w * g;
          sum += v * g;
        }
      }
      dWeight[c] = (dWeight[c] as number) + sum;
    }
  }
}

/**
 * Draws an inverted-dropout mask: each entry is kept with probability 1 − p and then holds the
 * scale 1/(1 − p), else 0, so that y = x ⊙ mask keeps E[y] = x and backward is dx = dy ⊙ mask.
 * One rng.next() per entry, in order, so the same generator state gives the same mask.
 */
export function dropoutMask(mask: FloatArray, p: number, rng: Rng): void {
  const keptValue = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < p ? 0 : keptValue;
}
