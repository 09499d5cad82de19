import { addRowVector, axpy, gemm, gruCellBackward, gruCellForward, gruResetBeforeBackwardGates, gruResetBeforeBackwardState, gruResetBeforeGates, gruResetBeforeState, sumRows } from '../kernels';
import type { DType, FloatArray } from '../tensor/Tensor';
import { boolean } from '../validate';
import type { Param } from './Layer';
import { RecurrentLayer, type RecurrentOptions, type StepShape } from './RecurrentLayer';

export interface GRUConfig {
  readonly type: 'GRU';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly returnSequences?: boolean;
  readonly resetAfter?: boolean;
}

export interface GRUOptions extends RecurrentOptions {
  /** PyTorch's form (true, the default; Keras reset_after=True) or Keras's reset_after=False. */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al. 2014) with PyTorch's gate order r, z, n (G = 3), batch-first,
 * zero initial state. W = kernel [in, 3H], U = recurrentKernel [H, 3H], b = bias [3H], per gate block:
 *   resetAfter = true (PyTorch's GRU, Keras reset_after=True), with b_h = recurrentBias [3H]:
 *     r = σ(x·W_r + b_r + h·U_r + bh_r),  z = σ(x·W_z + b_z + h·U_z + bh_z)
 *     n = tanh(x·W_n + b_n + r ⊙ (h·U_n + bh_n))
 *   resetAfter = false (Keras reset_after=False, what TF.js implements), no recurrentBias:
 *     r, z as above without bh,  n = tanh(x·W_n + (r ⊙ h)·U_n + b_n)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * X: [batch, time, in] → [batch, hidden] (h_T) or [batch, time, hidden] (returnSequences).
 * backward through time (gate formulas at the kernels gruCellBackward and gruResetBefore*):
 *   dU += Σ_t h_{t−1}ᵀ·dA_t (and (r ⊙ h_{t−1})ᵀ·dN_t for resetAfter = false), then as RecurrentLayer.
 * PyTorch: kernel = weight_ih_l0ᵀ, recurrentKernel = weight_hh_l0ᵀ, bias = bias_ih_l0, recurrentBias = bias_hh_l0.
 */
export class GRU extends RecurrentLayer {
  readonly name = 'GRU';
  readonly resetAfter: boolean;
  readonly recurrentBias: Param | undefined;

  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, options);
    this.resetAfter = boolean('GRU', 'resetAfter', options.resetAfter ?? true);
    this.recurrentBias = this.resetAfter ? this.param('recurrentBias', [3 * hiddenSize], options.dtype) : undefined;
  }

  protected steps(p: FloatArray, hs: FloatArray, shape: StepShape, dtype: DType): void {
    if (this.resetAfter) this.stepsResetAfter(p, hs, shape, dtype);
    else this.stepsResetBefore(p, hs, shape, dtype);
  }

  protected backSteps(dH: FloatArray, hs: FloatArray, dP: FloatArray, shape: StepShape, dtype: DType): void {
    if (this.resetAfter) this.backResetAfter(dH, hs, dP, shape, dtype);
    else this.backResetBefore(dH, hs, dP, shape, dtype);
  }

  /** Per step: Q_t = h_{t−1}·U + b_h (kept for backward), then the cell. */
  private stepsResetAfter(p: FloatArray, hs: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 3 * h;
    const rows = batch * width;
    const u = this.recurrentKernel.value.data;
    const q = this.buffer('q', time * rows, dtype);
    for (let t = 0; t < time; t++) {
      const qt = q.subarray(t * rows, (t + 1) * rows);
      gemm(false, false, batch, width, h, 1, hs.subarray(t * block, (t + 1) * block), u, 0, qt);
      addRowVector(qt, (this.recurrentBias as Param).value.data, batch, width);
      gruCellForward(p.subarray(t * rows, (t + 1) * rows), qt, hs.subarray(t * block, (t + 1) * block), hs.subarray((t + 1) * block, (t + 2) * block), batch, h);
    }
  }

  private backResetAfter(dH: FloatArray, hs: FloatArray, dP: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 3 * h;
    const rows = batch * width;
    const u = this.recurrentKernel.value.data;
    const acts = this.cached('p');
    const q = this.cached('q');
    const dQ = this.buffer('dQ', time * rows, dtype);
    const dPrev = this.buffer('dPrev', block, dtype);
    for (let t = time - 1; t >= 0; t--) {
      const dQt = dQ.subarray(t * rows, (t + 1) * rows);
      gruCellBackward(
        acts.subarray(t * rows, (t + 1) * rows), q.subarray(t * rows, (t + 1) * rows), hs.subarray(t * block, (t + 1) * block),
        dH.subarray(t * block, (t + 1) * block), dP.subarray(t * rows, (t + 1) * rows), dQt, dPrev, batch, h,
      );
      if (t > 0) {
        // dh_{t−1} += dh_t ⊙ z + dQ_t·Uᵀ
        const target = dH.subarray((t - 1) * block, t * block);
        axpy(1, dPrev, target);
        gemm(false, true, batch, h, width, 1, dQt, u, 1, target);
      }
    }
    // dU += Σ_t h_{t−1}ᵀ·dQ_t (h_0 = 0: start at step 1),  db_h += Σ_rows dQ
    if (time > 1) gemm(true, false, h, width, (time - 1) * batch, 1, hs.subarray(block, time * block), dQ.subarray(rows), 1, this.recurrentKernel.grad.data);
    sumRows(dQ, time * batch, width, (this.recurrentBias as Param).grad.data, 1);
  }

  /** Per step: A_t = h_{t−1}·U (r, z blocks used), r, z; N_t = (r ⊙ h_{t−1})·U (n block used), n, h. */
  private stepsResetBefore(p: FloatArray, hs: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 3 * h;
    const rows = batch * width;
    const u = this.recurrentKernel.value.data;
    const a = this.buffer('a', rows, dtype);
    const n = this.buffer('n', rows, dtype);
    const rh = this.buffer('rh', time * block, dtype);
    for (let t = 0; t < time; t++) {
      const hPrev = hs.subarray(t * block, (t + 1) * block);
      const pt = p.subarray(t * rows, (t + 1) * rows);
      const rht = rh.subarray(t * block, (t + 1) * block);
      gemm(false, false, batch, width, h, 1, hPrev, u, 0, a);
      gruResetBeforeGates(pt, a, hPrev, rht, batch, h);
      gemm(false, false, batch, width, h, 1, rht, u, 0, n);
      gruResetBeforeState(pt, n, hPrev, hs.subarray((t + 1) * block, (t + 2) * block), batch, h);
    }
  }

  private backResetBefore(dH: FloatArray, hs: FloatArray, dP: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 3 * h;
    const rows = batch * width;
    const u = this.recurrentKernel.value.data;
    const acts = this.cached('p');
    const rh = this.cached('rh');
    const dA = this.buffer('dA', time * rows, dtype);
    const dN = this.buffer('dN', time * rows, dtype);
    const drh = this.buffer('drh', block, dtype);
    const dPrev = this.buffer('dPrev', block, dtype);
    for (let t = time - 1; t >= 0; t--) {
      const at = acts.subarray(t * rows, (t + 1) * rows);
      const hPrev = hs.subarray(t * block, (t + 1) * block);
      const dPt = dP.subarray(t * rows, (t + 1) * rows);
      const dAt = dA.subarray(t * rows, (t + 1) * rows);
      const dNt = dN.subarray(t * rows, (t + 1) * rows);
      gruResetBeforeBackwardState(at, hPrev, dH.subarray(t * block, (t + 1) * block), dPt, dNt, dPrev, batch, h);
      // d(r ⊙ h_{t−1}) = dN_t·Uᵀ (only the n block of dN is non-zero)
      gemm(false, true, batch, h, width, 1, dNt, u, 0, drh);
      gruResetBeforeBackwardGates(at, hPrev, drh, dPt, dAt, dPrev, batch, h);
      if (t > 0) {
        const target = dH.subarray((t - 1) * block, t * block);
        axpy(1, dPrev, target);
        gemm(false, true, batch, h, width, 1, dAt, u, 1, target);
      }
    }
    // dU += Σ_t h_{t−1}ᵀ·dA_t + (r ⊙ h_{t−1})ᵀ·dN_t
    const grad = this.recurrentKernel.grad.data;
    if (time > 1) gemm(true, false, h, width, (time - 1) * batch, 1, hs.subarray(block, time * block), dA.subarray(rows), 1, grad);
    gemm(true, false, h, width, time * batch, 1, rh, dN, 1, grad);
  }

  override paramGrads(): readonly Param[] {
    const base = super.paramGrads();
    return this.recurrentBias ? [...base, this.recurrentBias] : base;
  }

  toConfig(): GRUConfig {
    return {
      type: 'GRU', inputSize: this.inputSize, hiddenSize: this.hiddenSize, returnSequences: this.returnSequences,
      resetAfter: this.resetAfter,
    };
  }
}
