import type { FloatArray } from '../tensor/Tensor';

/*
 * Per-channel and per-row kernels for normalisation layers and convolution biases.
 *
 * "Channel" kernels view x as [outer, channels, inner] (row-major) and reduce over outer·inner
 * for each channel: BatchNorm1D is [batch, features, 1], BatchNorm2D and Conv2D's bias are
 * [batch, channels, height·width]. "Row" kernels (LayerNorm) view x as [rows, size] and
 * normalise each row on its own.
 */

/** x[n, c, s] += bias[c] */
export function addChannelBias(x: FloatArray, bias: FloatArray, outer: number, channels: number, inner: number): void {
  let o = 0;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c] as number;
      for (let s = 0; s < inner; s++, o++) x[o]! += b;
    }
  }
}

/** out[c] += Σ_{n,s} x[n, c, s]  (the bias gradient of a convolution). */
export function sumChannels(x: FloatArray, outer: number, channels: number, inner: number, out: FloatArray): void {
  let o = 0;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      let total = 0;
      for (let s = 0; s < inner; s++, o++) total += x[o] as number;
      out[c]! += total;
    }
  }
}

/**
 * mean[c] = (1/M) Σ x[n, c, s],  variance[c] = (1/M) Σ (x[n, c, s] − mean[c])²  (biased), M = outer·inner.
 * Two passes, so the variance does not suffer the cancellation of E[x²] − E[x]².
 */
export function channelMeanVariance(
  x: FloatArray,
  outer: number,
  channels: number,
  inner: number,
  mean: FloatArray,
  variance: FloatArray,
): void {
  const inv = 1 / (outer * inner);
  for (let c = 0; c < channels; c++) {
    let total = 0;
    for (let n = 0; n < outer; n++) {
      const start = (n * channels + c) * inner;
      for (let s = start; s < start + inner; s++) total += x[s] as number;
    }
    const m = total * inv;
    let squares = 0;
    for (let n = 0; n < outer; n++) {
      const start = (n * channels + c) * inner;
      for (let s = start; s < start + inner; s++) {
        const d = (x[s] as number) - m;
        squares += d * d;
      }
    }
    mean[c] = m;
    variance[c] = squares * inv;
  }
}

/** out[c] = 1 / √(variance[c] + eps) */
export function inverseStd(variance: FloatArray, eps: number, out: FloatArray): void {
  for (let c = 0; c < variance.length; c++) out[c] = 1 / Math.sqrt((variance[c] as number) + eps);
}

/** x̂ = (x − mean[c]) · invStd[c],  y = gamma[c] · x̂ + beta[c]  (x̂ kept for backward). */
export function batchNormForward(
  x: FloatArray,
  outer: number,
  channels: number,
  inner: number,
  mean: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  xhat: FloatArray,
  y: FloatArray,
): void {
  let o = 0;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      const m = mean[c] as number;
      const r = invStd[c] as number;
      const g = gamma[c] as number;
      const b = beta[c] as number;
      for (let s = 0; s < inner; s++, o++) {
        const h = ((x[o] as number) - m) * r;
        xhat[o] = h;
        y[o] = g * h + b;
      }
    }
  }
}

/**
 * dgamma[c] += Σ dy·x̂,  dbeta[c] += Σ dy, and
 *   batch statistics: dx = gamma·invStd/M · (M·dy − Σdy − x̂·Σ(dy·x̂))   (mean and variance depend on x)
 *   fixed statistics: dx = gamma·invStd · dy                            (eval: an affine map)
 */
export function batchNormBackward(
  dy: FloatArray,
  xhat: FloatArray,
  outer: number,
  channels: number,
  inner: number,
  gamma: FloatArray,
  invStd: FloatArray,
  batchStatistics: boolean,
  dx: FloatArray,
  gammaGrad: FloatArray,
  betaGrad: FloatArray,
): void {
  const count = outer * inner;
  for (let c = 0; c < channels; c++) {
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < outer; n++) {
      const start = (n * channels + c) * inner;
      for (let s = start; s < start + inner; s++) {
        const d = dy[s] as number;
        sumDy += d;
        sumDyXhat += d * (xhat[s] as number);
      }
    }
    gammaGrad[c]! += sumDyXhat;
    betaGrad[c]! += sumDy;
    const k = (gamma[c] as number) * (invStd[c] as number);
    const meanDy = batchStatistics ? sumDy / count : 0;
    const meanDyXhat = batchStatistics ? sumDyXhat / count : 0;
    for (let n = 0; n < outer; n++) {
      const start = (n * channels + c) * inner;
      for (let s = start; s < start + inner; s++) {
        dx[s] = k * ((dy[s] as number) - meanDy - (xhat[s] as number) * meanDyXhat);
      }
    }
  }
}

/**
 * Per row r of x: [rows, size]:
 *   μ = mean(x[r]), σ² = mean((x[r] − μ)²), invStd[r] = 1/√(σ² + eps),
 *   x̂ = (x − μ)·invStd[r],  y = gamma ⊙ x̂ + beta  (gamma, beta: [size]).
 */
export function layerNormForward(
  x: FloatArray,
  rows: number,
  size: number,
  eps: number,
  gamma: FloatArray,
  beta: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  y: FloatArray,
): void {
  const inv = 1 / size;
  for (let r = 0; r < rows; r++) {
    const start = r * size;
    let total = 0;
    for (let k = 0; k < size; k++) total += x[start + k] as number;
    const mean = total * inv;
    let squares = 0;
    for (let k = 0; k < size; k++) {
      const d = (x[start + k] as number) - mean;
      squares += d * d;
    }
    const rstd = 1 / Math.sqrt(squares * inv + eps);
    invStd[r] = rstd;
    for (let k = 0; k < size; k++) {
      const h = ((x[start + k] as number) - mean) * rstd;
      xhat[start + k] = h;
      y[start + k] = (gamma[k] as number) * h + (beta[k] as number);
    }
  }
}

/**
 * With g = dy ⊙ gamma, per row:  dx = invStd · (g − mean(g) − x̂ · mean(g ⊙ x̂));
 * dgamma += Σ_rows dy ⊙ x̂,  dbeta += Σ_rows dy.
 */
export function layerNormBackward(
  dy: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray,
  rows: number,
  size: number,
  dx: FloatArray,
  gammaGrad: FloatArray,
  betaGrad: FloatArray,
): void {
  const inv = 1 / size;
  for (let r = 0; r < rows; r++) {
    const start = r * size;
    let sumG = 0;
    let sumGXhat = 0;
    for (let k = 0; k < size; k++) {
      const d = dy[start + k] as number;
      const h = xhat[start + k] as number;
      const g = d * (gamma[k] as number);
      sumG += g;
      sumGXhat += g * h;
      gammaGrad[k]! += d * h;
      betaGrad[k]! += d;
    }
    const meanG = sumG * inv;
    const meanGXhat = sumGXhat * inv;
    const rstd = invStd[r] as number;
    for (let k = 0; k < size; k++) {
      const g = (dy[start + k] as number) * (gamma[k] as number);
      dx[start + k] = rstd * (g - meanG - (xhat[start + k] as number) * meanGXhat);
    }
  }
}
