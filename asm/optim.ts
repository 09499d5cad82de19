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
