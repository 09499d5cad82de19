/*
 * BatchNorm's per-channel kernels for the wasm backend, as src/kernels/norm.ts channelMeanVariance,
 * batchNormForward and batchNormBackward: x, x̂, y, dy, dx are f32 [outer, channels, inner]; mean,
 * variance and invStd are f64 [channels]; gamma, beta and their gradients f32 [channels]. Every
 * value is promoted to f64 and the sums run in the reference's order, so results are bit-identical
 * (the reference computes in JS doubles and rounds on store). The elementwise passes use f64x2
 * lanes: per-lane IEEE operations, hence the same roundings. Addresses in bytes.
 */

/** mean[c] = (1/M) Σ x,  variance[c] = (1/M) Σ (x − mean[c])²,  M = outer·inner (two passes). */
export function channelMeanVariance(x: usize, outer: i32, channels: i32, inner: i32, mean: usize, variance: usize): void {
  const inv: f64 = 1 / (<f64>outer * <f64>inner);
  for (let c = 0; c < channels; c++) {
    let total: f64 = 0;
    for (let n = 0; n < outer; n++) {
      const start = x + (<usize>((n * channels + c) * inner) << 2);
      for (let s: usize = 0; s < <usize>inner; s++) total += <f64>load<f32>(start + (s << 2));
    }
    const m = total * inv;
    let squares: f64 = 0;
    for (let n = 0; n < outer; n++) {
      const start = x + (<usize>((n * channels + c) * inner) << 2);
      for (let s: usize = 0; s < <usize>inner; s++) {
        const d = <f64>load<f32>(start + (s << 2)) - m;
        squares += d * d;
      }
    }
    store<f64>(mean + (<usize>c << 3), m);
    store<f64>(variance + (<usize>c << 3), squares * inv);
  }
}

/** x̂ = (x − mean[c])·invStd[c] (f32),  y = gamma[c]·x̂ + beta[c] with x̂ unrounded. */
export function batchNormForward(
  x: usize, outer: i32, channels: i32, inner: i32, mean: usize, invStd: usize, gamma: usize, beta: usize, xhat: usize, y: usize,
): void {
  let o: usize = 0;
  const pairs = <usize>(inner & ~1);
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      const m = load<f64>(mean + (<usize>c << 3));
      const r = load<f64>(invStd + (<usize>c << 3));
      const g = <f64>load<f32>(gamma + (<usize>c << 2));
      const b = <f64>load<f32>(beta + (<usize>c << 2));
      const mv = f64x2.splat(m);
      const rv = f64x2.splat(r);
      const gv = f64x2.splat(g);
      const bv = f64x2.splat(b);
      let s: usize = 0;
      for (; s < pairs; s += 2) {
        const at = o + (s << 2);
        const xv = f64x2.promote_low_f32x4(v128.load64_zero(x + at));
        const h = f64x2.mul(f64x2.sub(xv, mv), rv);
        v128.store64_lane(xhat + at, f32x4.demote_f64x2_zero(h), 0);
        v128.store64_lane(y + at, f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(gv, h), bv)), 0);
      }
      for (; s < <usize>inner; s++) {
        const at = o + (s << 2);
        const h = (<f64>load<f32>(x + at) - m) * r;
        store<f32>(xhat + at, <f32>h);
        store<f32>(y + at, <f32>(g * h + b));
      }
      o += <usize>inner << 2;
    }
  }
}

/**
 * dgamma[c] += Σ dy·x̂,  dbeta[c] += Σ dy,
 * dx = gamma·invStd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M) with batch statistics, gamma·invStd·dy without.
 */
export function batchNormBackward(
  dy: usize, xhat: usize, outer: i32, channels: i32, inner: i32, gamma: usize, invStd: usize, batchStatistics: i32,
  dx: usize, gammaGrad: usize, betaGrad: usize,
): void {
  const count: f64 = <f64>outer * <f64>inner;
  const pairs = <usize>(inner & ~1);
  for (let c = 0; c < channels; c++) {
    let sumDy: f64 = 0;
    let sumDyXhat: f64 = 0;
    for (let n = 0; n < outer; n++) {
      const start = <usize>((n * channels + c) * inner) << 2;
      for (let s: usize = 0; s < <usize>inner; s++) {
        const d = <f64>load<f32>(dy + start + (s << 2));
        sumDy += d;
        sumDyXhat += d * <f64>load<f32>(xhat + start + (s << 2));
      }
    }
    const gg = gammaGrad + (<usize>c << 2);
    const bg = betaGrad + (<usize>c << 2);
    store<f32>(gg, <f32>(<f64>load<f32>(gg) + sumDyXhat));
    store<f32>(bg, <f32>(<f64>load<f32>(bg) + sumDy));
    const k = <f64>load<f32>(gamma + (<usize>c << 2)) * load<f64>(invStd + (<usize>c << 3));
    const meanDy: f64 = batchStatistics ? sumDy / count : 0;
    const meanDyXhat: f64 = batchStatistics ? sumDyXhat / count : 0;
    const kv = f64x2.splat(k);
    const mdv = f64x2.splat(meanDy);
    const mhv = f64x2.splat(meanDyXhat);
    for (let n = 0; n < outer; n++) {
      const start = <usize>((n * channels + c) * inner) << 2;
      let s: usize = 0;
      for (; s < pairs; s += 2) {
        const at = start + (s << 2);
        const d = f64x2.promote_low_f32x4(v128.load64_zero(dy + at));
        const h = f64x2.promote_low_f32x4(v128.load64_zero(xhat + at));
        const v = f64x2.mul(kv, f64x2.sub(f64x2.sub(d, mdv), f64x2.mul(h, mhv)));
        v128.store64_lane(dx + at, f32x4.demote_f64x2_zero(v), 0);
      }
      for (; s < <usize>inner; s++) {
        const at = start + (s << 2);
        store<f32>(dx + at, <f32>(k * ((<f64>load<f32>(dy + at) - meanDy) - <f64>load<f32>(xhat + at) * meanDyXhat)));
      }
    }
  }
}

/**
 * x[n, c, s] += bias[c] (a convolution's bias). f32 adds: the reference's double sum rounded to f32
 * is the correctly rounded f32 sum, so four lanes at a time give the same values.
 */
export function addChannelBias(x: usize, bias: usize, outer: i32, channels: i32, inner: i32): void {
  let o: usize = x;
  const quads = <usize>(inner & ~3) << 2;
  const end = <usize>inner << 2;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      const b = load<f32>(bias + (<usize>c << 2));
      const bv = f32x4.splat(b);
      let s: usize = 0;
      for (; s < quads; s += 16) v128.store(o + s, f32x4.add(v128.load(o + s), bv));
      for (; s < end; s += 4) store<f32>(o + s, load<f32>(o + s) + b);
      o += end;
    }
  }
}

/** out[c] += Σ_{n,s} x[n, c, s] (a convolution's bias gradient), summed in f64 in the reference's order. */
export function sumChannels(x: usize, outer: i32, channels: i32, inner: i32, out: usize): void {
  let o: usize = x;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      let total: f64 = 0;
      for (let s = 0; s < inner; s++, o += 4) total += <f64>load<f32>(o);
      const at = out + (<usize>c << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) + total));
    }
  }
}
