/*
 * The LSTM and GRU cells' pointwise steps for the wasm backend (the references are lstmCellForward
 * and gruCellForward in src/kernels/recurrent.ts): σ and tanh through one f32x4 exp, e^x = 2^n · p(r) with x = n·ln2 + r, |r| ≤ ln2/2
 * and p the degree-6 Taylor polynomial (relative error ≈ 2e-7, about 2 f32 ulp), then
 * σ(v) = 1/(1 + e^−v) and tanh(v) = 2σ(2v) − 1. Not bit-identical to the f64 reference: within a
 * few f32 ulp. Addresses in bytes, counts in elements; `hidden` need not be a multiple of 4.
 */

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline
function expV(x: v128): v128 {
  const v = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(v, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(v, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.0 / 720.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline
function sigmoidV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline
function tanhV(x: v128): v128 {
  const s = sigmoidV(f32x4.add(x, x));
  return f32x4.sub(f32x4.add(s, s), f32x4.splat(1.0));
}

/**
 * gates [batch, 4·hidden] (i, f, g, o pre-activations) → σ(i), σ(f), tanh(g), σ(o) in place;
 * c = f ⊙ cPrev + i ⊙ g, tc = tanh(c), h = o ⊙ tc ([batch, hidden] each).
 */
export function lstmCellForward(gates: usize, cPrev: usize, c: usize, tc: usize, h: usize, batch: i32, hidden: i32): void {
  const hb = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const row = gates + <usize>b * 4 * hb;
    const s = <usize>b * hb;
    // Whole f32x4 groups, then the tail one lane at a time through the same vector code.
    let j: usize = 0;
    for (; j + 16 <= hb; j += 16) {
      const i = sigmoidV(v128.load(row + j));
      const f = sigmoidV(v128.load(row + hb + j));
      const g = tanhV(v128.load(row + 2 * hb + j));
      const o = sigmoidV(v128.load(row + 3 * hb + j));
      v128.store(row + j, i);
      v128.store(row + hb + j, f);
      v128.store(row + 2 * hb + j, g);
      v128.store(row + 3 * hb + j, o);
      const cell = f32x4.add(f32x4.mul(f, v128.load(cPrev + s + j)), f32x4.mul(i, g));
      const t = tanhV(cell);
      v128.store(c + s + j, cell);
      v128.store(tc + s + j, t);
      v128.store(h + s + j, f32x4.mul(o, t));
    }
    for (; j < hb; j += 4) {
      const i = f32x4.extract_lane(sigmoidV(f32x4.splat(load<f32>(row + j))), 0);
      const f = f32x4.extract_lane(sigmoidV(f32x4.splat(load<f32>(row + hb + j))), 0);
      const g = f32x4.extract_lane(tanhV(f32x4.splat(load<f32>(row + 2 * hb + j))), 0);
      const o = f32x4.extract_lane(sigmoidV(f32x4.splat(load<f32>(row + 3 * hb + j))), 0);
      store<f32>(row + j, i);
      store<f32>(row + hb + j, f);
      store<f32>(row + 2 * hb + j, g);
      store<f32>(row + 3 * hb + j, o);
      const cell = f * load<f32>(cPrev + s + j) + i * g;
      const t = f32x4.extract_lane(tanhV(f32x4.splat(cell)), 0);
      store<f32>(c + s + j, cell);
      store<f32>(tc + s + j, t);
      store<f32>(h + s + j, o * t);
    }
  }

}

/**
 * GRU cell, reset after (PyTorch's): xp [batch, 3·hidden] holds x·W + b for (r, z, n), hp holds
 * hPrev·U + b_h. xp becomes (r, z, n); h = (1 − z) ⊙ n + z ⊙ hPrev, with
 * r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r ⊙ hn).
 */
export function gruCellForward(xp: usize, hp: usize, hPrev: usize, h: usize, batch: i32, hidden: i32): void {
  const hb = <usize>hidden << 2;
  for (let b = 0; b < batch; b++) {
    const row = <usize>b * 3 * hb;
    const s = <usize>b * hb;
    let j: usize = 0;
    for (; j + 16 <= hb; j += 16) {
      const r = sigmoidV(f32x4.add(v128.load(xp + row + j), v128.load(hp + row + j)));
      const z = sigmoidV(f32x4.add(v128.load(xp + row + hb + j), v128.load(hp + row + hb + j)));
      const n = tanhV(f32x4.add(v128.load(xp + row + 2 * hb + j), f32x4.mul(r, v128.load(hp + row + 2 * hb + j))));
      v128.store(xp + row + j, r);
      v128.store(xp + row + hb + j, z);
      v128.store(xp + row + 2 * hb + j, n);
      const prev = v128.load(hPrev + s + j);
      v128.store(h + s + j, f32x4.add(n, f32x4.mul(z, f32x4.sub(prev, n))));
    }
    for (; j < hb; j += 4) {
      const r = f32x4.extract_lane(sigmoidV(f32x4.splat(load<f32>(xp + row + j) + load<f32>(hp + row + j))), 0);
      const z = f32x4.extract_lane(sigmoidV(f32x4.splat(load<f32>(xp + row + hb + j) + load<f32>(hp + row + hb + j))), 0);
      const n = f32x4.extract_lane(tanhV(f32x4.splat(load<f32>(xp + row + 2 * hb + j) + r * load<f32>(hp + row + 2 * hb + j))), 0);
      store<f32>(xp + row + j, r);
      store<f32>(xp + row + hb + j, z);
      store<f32>(xp + row + 2 * hb + j, n);
      const prev = load<f32>(hPrev + s + j);
      store<f32>(h + s + j, n + z * (prev - n));
    }
  }
}
