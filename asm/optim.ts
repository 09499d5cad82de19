/*
 * Optimizer updates for the wasm backend, in place on a float32 parameter θ from its gradient and
 * its state buffers. Each computes in f64 with exactly the operations and the order of its
 * reference in src/kernels/optim.ts (which follows torch.optim's single-tensor loop), two elements
 * per f64x2 vector: IEEE add, multiply, divide and square root round the same in a vector lane as
 * in a JS double, so θ and the state are bit-identical to the reference. Addresses in bytes.
 */

/** The f32 lanes 0–1 (lo) or 2–3 (hi) of a vector as f64x2. */
@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}
/** Two f64x2 rounded to f32 and packed back into one vector (lo in lanes 0–1). */
@inline function pack(l: v128, h: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(l), f32x4.demote_f64x2_zero(h), 0, 1, 4, 5);
}

/**
 * SGD: g' = g + wd·θ; with momentum (buf ≠ 0 and μ ≠ 0) buf = first ? g' : μ·buf + g' and
 * d = nesterov ? g' + μ·buf : buf (the unrounded f64 buf, as the reference), else d = g'; θ −= lr·d.
 */
export function sgdUpdate(
  theta: usize, grad: usize, buf: usize, n: i32, firstStep: i32, lr: f64, momentum: f64, nesterov: i32, wd: f64,
): void {
  const end = <usize>n << 2;
  const vlr = f64x2.splat(lr);
  const vwd = f64x2.splat(wd);
  const vmu = f64x2.splat(momentum);
  const plain = buf == 0 || momentum == 0;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const p = v128.load(theta + i);
    const gv = v128.load(grad + i);
    const pl = lo(p);
    const ph = hi(p);
    let gl = f64x2.add(lo(gv), f64x2.mul(vwd, pl));
    let gh = f64x2.add(hi(gv), f64x2.mul(vwd, ph));
    if (!plain) {
      let bl = gl;
      let bh = gh;
      if (!firstStep) {
        const b = v128.load(buf + i);
        bl = f64x2.add(f64x2.mul(vmu, lo(b)), gl);
        bh = f64x2.add(f64x2.mul(vmu, hi(b)), gh);
      }
      v128.store(buf + i, pack(bl, bh));
      if (nesterov) {
        gl = f64x2.add(gl, f64x2.mul(vmu, bl));
        gh = f64x2.add(gh, f64x2.mul(vmu, bh));
      } else {
        gl = bl;
        gh = bh;
      }
    }
    v128.store(theta + i, pack(f64x2.sub(pl, f64x2.mul(vlr, gl)), f64x2.sub(ph, f64x2.mul(vlr, gh))));
  }
  for (; i < end; i += 4) {
    const p = <f64>load<f32>(theta + i);
    let g = <f64>load<f32>(grad + i) + wd * p;
    if (!plain) {
      const b = firstStep ? g : momentum * <f64>load<f32>(buf + i) + g;
      store<f32>(buf + i, <f32>b);
      g = nesterov ? g + momentum * b : b;
    }
    store<f32>(theta + i, <f32>(p - lr * g));
  }
}

/**
 * Adam / AdamW, as the reference: p = θ·decay; g = grad + coupled·p; m' = β₁m + (1 − β₁)g;
 * v' = β₂v + (1 − β₂)g·g; θ = p − (stepSize·m') / (√v' / bias2Sqrt + ε), with m' and v' unrounded
 * in the last line (stored rounded to f32). The host passes stepSize = lr / (1 − β₁ᵗ),
 * bias2Sqrt = √(1 − β₂ᵗ), decay (1 − lr·wd for AdamW, else 1) and coupled (wd for Adam, else 0).
 */
export function adamUpdate(
  theta: usize, grad: usize, m: usize, v: usize, n: i32, stepSize: f64, bias2Sqrt: f64, beta1: f64, beta2: f64,
  eps: f64, decay: f64, coupled: f64,
): void {
  const end = <usize>n << 2;
  const one1 = 1 - beta1;
  const one2 = 1 - beta2;
  const vb1 = f64x2.splat(beta1);
  const vb2 = f64x2.splat(beta2);
  const v11 = f64x2.splat(one1);
  const v12 = f64x2.splat(one2);
  const vstep = f64x2.splat(stepSize);
  const vbias = f64x2.splat(bias2Sqrt);
  const veps = f64x2.splat(eps);
  const vdecay = f64x2.splat(decay);
  const vcoupled = f64x2.splat(coupled);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const tv = v128.load(theta + i);
    const gv = v128.load(grad + i);
    const mv = v128.load(m + i);
    const vv = v128.load(v + i);
    const pl = f64x2.mul(lo(tv), vdecay);
    const ph = f64x2.mul(hi(tv), vdecay);
    const gl = f64x2.add(lo(gv), f64x2.mul(vcoupled, pl));
    const gh = f64x2.add(hi(gv), f64x2.mul(vcoupled, ph));
    const ml = f64x2.add(f64x2.mul(vb1, lo(mv)), f64x2.mul(v11, gl));
    const mh = f64x2.add(f64x2.mul(vb1, hi(mv)), f64x2.mul(v11, gh));
    const wl = f64x2.add(f64x2.mul(vb2, lo(vv)), f64x2.mul(f64x2.mul(v12, gl), gl));
    const wh = f64x2.add(f64x2.mul(vb2, hi(vv)), f64x2.mul(f64x2.mul(v12, gh), gh));
    v128.store(m + i, pack(ml, mh));
    v128.store(v + i, pack(wl, wh));
    const tl = f64x2.sub(pl, f64x2.div(f64x2.mul(vstep, ml), f64x2.add(f64x2.div(f64x2.sqrt(wl), vbias), veps)));
    const th = f64x2.sub(ph, f64x2.div(f64x2.mul(vstep, mh), f64x2.add(f64x2.div(f64x2.sqrt(wh), vbias), veps)));
    v128.store(theta + i, pack(tl, th));
  }
  for (; i < end; i += 4) {
    const p = <f64>load<f32>(theta + i) * decay;
    const g = <f64>load<f32>(grad + i) + coupled * p;
    const mi = beta1 * <f64>load<f32>(m + i) + one1 * g;
    const vi = beta2 * <f64>load<f32>(v + i) + one2 * g * g;
    store<f32>(m + i, <f32>mi);
    store<f32>(v + i, <f32>vi);
    store<f32>(theta + i, <f32>(p - (stepSize * mi) / (Math.sqrt(vi) / bias2Sqrt + eps)));
  }
}

/**
 * RMSprop (not centered), as the reference: s' = αs + (1 − α)g·g; d = g / (√s' + ε); with momentum
 * (buf ≠ 0 and μ > 0) buf = μ·buf + d and θ −= lr·buf (the unrounded f64 buf), else θ −= lr·d.
 */
export function rmspropUpdate(
  theta: usize, grad: usize, squareAvg: usize, buf: usize, n: i32, lr: f64, alpha: f64, eps: f64, momentum: f64,
): void {
  const end = <usize>n << 2;
  const one = 1 - alpha;
  const withMomentum = buf != 0 && momentum > 0;
  const va = f64x2.splat(alpha);
  const v1 = f64x2.splat(one);
  const veps = f64x2.splat(eps);
  const vlr = f64x2.splat(lr);
  const vmu = f64x2.splat(momentum);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const gv = v128.load(grad + i);
    const sv = v128.load(squareAvg + i);
    const tv = v128.load(theta + i);
    const gl = lo(gv);
    const gh = hi(gv);
    const sl = f64x2.add(f64x2.mul(va, lo(sv)), f64x2.mul(f64x2.mul(v1, gl), gl));
    const sh = f64x2.add(f64x2.mul(va, hi(sv)), f64x2.mul(f64x2.mul(v1, gh), gh));
    v128.store(squareAvg + i, pack(sl, sh));
    let dl = f64x2.div(gl, f64x2.add(f64x2.sqrt(sl), veps));
    let dh = f64x2.div(gh, f64x2.add(f64x2.sqrt(sh), veps));
    if (withMomentum) {
      const b = v128.load(buf + i);
      dl = f64x2.add(f64x2.mul(vmu, lo(b)), dl);
      dh = f64x2.add(f64x2.mul(vmu, hi(b)), dh);
      v128.store(buf + i, pack(dl, dh));
    }
    v128.store(theta + i, pack(f64x2.sub(lo(tv), f64x2.mul(vlr, dl)), f64x2.sub(hi(tv), f64x2.mul(vlr, dh))));
  }
  for (; i < end; i += 4) {
    const g = <f64>load<f32>(grad + i);
    const s = alpha * <f64>load<f32>(squareAvg + i) + one * g * g;
    store<f32>(squareAvg + i, <f32>s);
    let d = g / (Math.sqrt(s) + eps);
    if (withMomentum) {
      d = momentum * <f64>load<f32>(buf + i) + d;
      store<f32>(buf + i, <f32>d);
    }
    store<f32>(theta + i, <f32>(<f64>load<f32>(theta + i) - lr * d));
  }
}

/** Adagrad, as the reference: sum' = sum + g·g; θ −= (lr·g) / (√sum' + ε). */
export function adagradUpdate(theta: usize, grad: usize, sum: usize, n: i32, lr: f64, eps: f64): void {
  const end = <usize>n << 2;
  const vlr = f64x2.splat(lr);
  const veps = f64x2.splat(eps);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const gv = v128.load(grad + i);
    const sv = v128.load(sum + i);
    const tv = v128.load(theta + i);
    const gl = lo(gv);
    const gh = hi(gv);
    const sl = f64x2.add(lo(sv), f64x2.mul(gl, gl));
    const sh = f64x2.add(hi(sv), f64x2.mul(gh, gh));
    v128.store(sum + i, pack(sl, sh));
    const tl = f64x2.sub(lo(tv), f64x2.div(f64x2.mul(vlr, gl), f64x2.add(f64x2.sqrt(sl), veps)));
    const th = f64x2.sub(hi(tv), f64x2.div(f64x2.mul(vlr, gh), f64x2.add(f64x2.sqrt(sh), veps)));
    v128.store(theta + i, pack(tl, th));
  }
  for (; i < end; i += 4) {
    const g = <f64>load<f32>(grad + i);
    const s = <f64>load<f32>(sum + i) + g * g;
    store<f32>(sum + i, <f32>s);
    store<f32>(theta + i, <f32>(<f64>load<f32>(theta + i) - (lr * g) / (Math.sqrt(s) + eps)));
  }
}

/** a > b or a is NaN ? a : b, lane-wise: the reference's max, which passes a NaN operand on as it is. */
@inline function maxPassingNaN(a: v128, b: v128): v128 {
  return v128.bitselect(a, b, v128.or(f64x2.gt(a, b), f64x2.ne(a, a)));
}

/**
 * Adamax, as the reference: g = grad + wd·θ; m' = β₁m + (1 − β₁)g; u' = max(β₂u, |g| + ε) (a NaN operand passed on);
 * θ −= (stepSize·m') / u' with stepSize = lr / (1 − β₁ᵗ) from the host.
 */
export function adamaxUpdate(
  theta: usize, grad: usize, m: usize, u: usize, n: i32, stepSize: f64, beta1: f64, beta2: f64, eps: f64, wd: f64,
): void {
  const end = <usize>n << 2;
  const one1 = 1 - beta1;
  const vb1 = f64x2.splat(beta1);
  const vb2 = f64x2.splat(beta2);
  const v11 = f64x2.splat(one1);
  const veps = f64x2.splat(eps);
  const vwd = f64x2.splat(wd);
  const vstep = f64x2.splat(stepSize);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const tv = v128.load(theta + i);
    const gv = v128.load(grad + i);
    const mv = v128.load(m + i);
    const uv = v128.load(u + i);
    const pl = lo(tv);
    const ph = hi(tv);
    const gl = f64x2.add(lo(gv), f64x2.mul(vwd, pl));
    const gh = f64x2.add(hi(gv), f64x2.mul(vwd, ph));
    const ml = f64x2.add(f64x2.mul(vb1, lo(mv)), f64x2.mul(v11, gl));
    const mh = f64x2.add(f64x2.mul(vb1, hi(mv)), f64x2.mul(v11, gh));
    const ul = maxPassingNaN(f64x2.mul(vb2, lo(uv)), f64x2.add(f64x2.abs(gl), veps));
    const uh = maxPassingNaN(f64x2.mul(vb2, hi(uv)), f64x2.add(f64x2.abs(gh), veps));
    v128.store(m + i, pack(ml, mh));
    v128.store(u + i, pack(ul, uh));
    v128.store(theta + i, pack(f64x2.sub(pl, f64x2.div(f64x2.mul(vstep, ml), ul)), f64x2.sub(ph, f64x2.div(f64x2.mul(vstep, mh), uh))));
  }
  for (; i < end; i += 4) {
    const p = <f64>load<f32>(theta + i);
    const g = <f64>load<f32>(grad + i) + wd * p;
    const mi = beta1 * <f64>load<f32>(m + i) + one1 * g;
    const a = beta2 * <f64>load<f32>(u + i);
    const b = abs(g) + eps;
    const ui = a > b || a != a ? a : b;
    store<f32>(m + i, <f32>mi);
    store<f32>(u + i, <f32>ui);
    store<f32>(theta + i, <f32>(p - (stepSize * mi) / ui));
  }
}
