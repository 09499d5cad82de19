import type { FloatArray } from '../tensor/Tensor';

/*
 * The pointwise part of one recurrent step, for `batch` rows of `hidden` units. Gate blocks sit
 * side by side in a row ([batch, G·hidden], PyTorch's gate order); the GEMMs around these kernels
 * (input projections for all steps, the recurrent product per step) are done by the layers.
 * σ(v) is computed without overflow; the formulas are in the layers' doc comments.
 */

function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * LSTM cell. `gates` holds the pre-activations (i, f, g, o) and is overwritten with σ(i), σ(f),
 * tanh(g), σ(o); then c = f ⊙ cPrev + i ⊙ g, tc = tanh(c), h = o ⊙ tc.
 */
export function lstmCellForward(
  gates: FloatArray, cPrev: FloatArray, c: FloatArray, tc: FloatArray, h: FloatArray, batch: number, hidden: number,
): void {
  const g4 = 4 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g4;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const i = sigmoid(gates[row + j] as number);
      const f = sigmoid(gates[row + hidden + j] as number);
      const g = Math.tanh(gates[row + 2 * hidden + j] as number);
      const o = sigmoid(gates[row + 3 * hidden + j] as number);
      gates[row + j] = i;
      gates[row + hidden + j] = f;
      gates[row + 2 * hidden + j] = g;
      gates[row + 3 * hidden + j] = o;
      const cell = f * (cPrev[s + j] as number) + i * g;
      const t = Math.tanh(cell);
      c[s + j] = cell;
      tc[s + j] = t;
      h[s + j] = o * t;
    }
  }
}

/**
 * LSTM cell backward, from the activations the forward left in `gates`. On entry `dc` holds dL/dc
 * from the next step (zeros at the last); on return dL/dcPrev. Writes the pre-activation gradients:
 *   dc ← dc + dh ⊙ o ⊙ (1 − tc²)
 *   dGates = [dc ⊙ g ⊙ i(1−i),  dc ⊙ cPrev ⊙ f(1−f),  dc ⊙ i ⊙ (1−g²),  dh ⊙ tc ⊙ o(1−o)]
 *   dcPrev = dc ⊙ f
 */
export function lstmCellBackward(
  gates: FloatArray, cPrev: FloatArray, tc: FloatArray, dh: FloatArray, dc: FloatArray, dGates: FloatArray,
  batch: number, hidden: number,
): void {
  const g4 = 4 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g4;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const i = gates[row + j] as number;
      const f = gates[row + hidden + j] as number;
      const g = gates[row + 2 * hidden + j] as number;
      const o = gates[row + 3 * hidden + j] as number;
      const t = tc[s + j] as number;
      const gh = dh[s + j] as number;
      const cell = (dc[s + j] as number) + gh * o * (1 - t * t);
      dGates[row + j] = cell * g * i * (1 - i);
      dGates[row + hidden + j] = cell * (cPrev[s + j] as number) * f * (1 - f);
      dGates[row + 2 * hidden + j] = cell * i * (1 - g * g);
      dGates[row + 3 * hidden + j] = gh * t * o * (1 - o);
      dc[s + j] = cell * f;
    }
  }
}

/**
 * GRU cell, PyTorch's form (Keras reset_after = true). `xp` holds x·W + b for (r, z, n), `hp` holds
 * hPrev·U + b_h for (r, z, n). Overwrites xp with the activations (r, z, n) and leaves hp's n block
 * (hPrev·U_n + b_hn, needed by backward) in place:
 *   r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r ⊙ hn), h = (1 − z) ⊙ n + z ⊙ hPrev
 */
export function gruCellForward(xp: FloatArray, hp: FloatArray, hPrev: FloatArray, h: FloatArray, batch: number, hidden: number): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = sigmoid((xp[row + j] as number) + (hp[row + j] as number));
      const z = sigmoid((xp[row + hidden + j] as number) + (hp[row + hidden + j] as number));
      const n = Math.tanh((xp[row + 2 * hidden + j] as number) + r * (hp[row + 2 * hidden + j] as number));
      xp[row + j] = r;
      xp[row + hidden + j] = z;
      xp[row + 2 * hidden + j] = n;
      h[s + j] = (1 - z) * n + z * (hPrev[s + j] as number);
    }
  }
}

/**
 * GRU cell backward (reset after), from the activations (r, z, n) in `act` and hn = hPrev·U_n + b_hn
 * in `hp`'s n block. Writes the gradients of the input pre-activations dX = [da_r, da_z, da_n] and
 * of the recurrent ones dH = [da_r, da_z, da_n ⊙ r], and the direct part of dhPrev (dh ⊙ z):
 *   da_n = dh ⊙ (1 − z) ⊙ (1 − n²),  da_z = dh ⊙ (hPrev − n) ⊙ z(1 − z),  da_r = da_n ⊙ hn ⊙ r(1 − r)
 */
export function gruCellBackward(
  act: FloatArray, hp: FloatArray, hPrev: FloatArray, dh: FloatArray, dX: FloatArray, dH: FloatArray, dhPrev: FloatArray,
  batch: number, hidden: number,
): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = act[row + j] as number;
      const z = act[row + hidden + j] as number;
      const n = act[row + 2 * hidden + j] as number;
      const hn = hp[row + 2 * hidden + j] as number;
      const gh = dh[s + j] as number;
      const hp0 = hPrev[s + j] as number;
      const an = gh * (1 - z) * (1 - n * n);
      const az = gh * (hp0 - n) * z * (1 - z);
      const ar = an * hn * r * (1 - r);
      dX[row + j] = ar;
      dX[row + hidden + j] = az;
      dX[row + 2 * hidden + j] = an;
      dH[row + j] = ar;
      dH[row + hidden + j] = az;
      dH[row + 2 * hidden + j] = an * r;
      dhPrev[s + j] = gh * z;
    }
  }
}

/**
 * GRU gates r, z (Keras reset_after = false, first part): `xp` holds x·W + b, `hp` hPrev·U (only its
 * r and z blocks are read). Writes σ into xp's r and z blocks and rh = r ⊙ hPrev.
 */
export function gruResetBeforeGates(xp: FloatArray, hp: FloatArray, hPrev: FloatArray, rh: FloatArray, batch: number, hidden: number): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = sigmoid((xp[row + j] as number) + (hp[row + j] as number));
      const z = sigmoid((xp[row + hidden + j] as number) + (hp[row + hidden + j] as number));
      xp[row + j] = r;
      xp[row + hidden + j] = z;
      rh[s + j] = r * (hPrev[s + j] as number);
    }
  }
}

/**
 * GRU candidate and state (reset_after = false, second part): `rhp` holds (r ⊙ hPrev)·U (its n block
 * is read). n = tanh(xn + rhp_n), written into xp's n block; h = (1 − z) ⊙ n + z ⊙ hPrev.
 */
export function gruResetBeforeState(xp: FloatArray, rhp: FloatArray, hPrev: FloatArray, h: FloatArray, batch: number, hidden: number): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const z = xp[row + hidden + j] as number;
      const n = Math.tanh((xp[row + 2 * hidden + j] as number) + (rhp[row + 2 * hidden + j] as number));
      xp[row + 2 * hidden + j] = n;
      h[s + j] = (1 - z) * n + z * (hPrev[s + j] as number);
    }
  }
}

/**
 * GRU backward (reset_after = false, first part): da_n and da_z into dX's n and z blocks, da_n also
 * into dN's n block (with zeros in its r and z blocks: dN·Uᵀ is then d(r ⊙ hPrev)), dh ⊙ z into dhPrev.
 */
export function gruResetBeforeBackwardState(
  act: FloatArray, hPrev: FloatArray, dh: FloatArray, dX: FloatArray, dN: FloatArray, dhPrev: FloatArray, batch: number, hidden: number,
): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const z = act[row + hidden + j] as number;
      const n = act[row + 2 * hidden + j] as number;
      const gh = dh[s + j] as number;
      const an = gh * (1 - z) * (1 - n * n);
      dX[row + hidden + j] = gh * ((hPrev[s + j] as number) - n) * z * (1 - z);
      dX[row + 2 * hidden + j] = an;
      dN[row + j] = 0;
      dN[row + hidden + j] = 0;
      dN[row + 2 * hidden + j] = an;
      dhPrev[s + j] = gh * z;
    }
  }
}

/**
 * GRU backward (reset_after = false, second part), given drh = d(r ⊙ hPrev): da_r = drh ⊙ hPrev ⊙
 * r(1 − r) into dX's r block; dhPrev += drh ⊙ r; dA = [da_r, da_z, 0] for the r, z recurrent product.
 */
export function gruResetBeforeBackwardGates(
  act: FloatArray, hPrev: FloatArray, drh: FloatArray, dX: FloatArray, dA: FloatArray, dhPrev: FloatArray, batch: number, hidden: number,
): void {
  const g3 = 3 * hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * g3;
    const s = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = act[row + j] as number;
      const d = drh[s + j] as number;
      const ar = d * (hPrev[s + j] as number) * r * (1 - r);
      dX[row + j] = ar;
      dA[row + j] = ar;
      dA[row + hidden + j] = dX[row + hidden + j] as number;
      dA[row + 2 * hidden + j] = 0;
      dhPrev[s + j]! += d * r;
    }
  }
}

/** Simple RNN step: h = tanh(pre) or relu(pre). */
export function rnnCellForward(pre: FloatArray, h: FloatArray, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < pre.length; i++) {
      const v = pre[i] as number;
      h[i] = v > 0 ? v : 0;
    }
  } else {
    for (let i = 0; i < pre.length; i++) h[i] = Math.tanh(pre[i] as number);
  }
}

/** Simple RNN backward: da = dh ⊙ (1 − h²) for tanh, dh ⊙ [h > 0] for relu. */
export function rnnCellBackward(h: FloatArray, dh: FloatArray, da: FloatArray, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < h.length; i++) da[i] = (h[i] as number) > 0 ? (dh[i] as number) : 0;
  } else {
    for (let i = 0; i < h.length; i++) {
      const t = h[i] as number;
      da[i] = (dh[i] as number) * (1 - t * t);
    }
  }
}
