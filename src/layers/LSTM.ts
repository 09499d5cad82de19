import { gemm, lstmCellBackward, lstmCellForward } from '../kernels';
import type { DType, FloatArray } from '../tensor/Tensor';
import { RecurrentLayer, type RecurrentOptions, type StepShape } from './RecurrentLayer';

export interface LSTMConfig {
  readonly type: 'LSTM';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly returnSequences?: boolean;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997) with PyTorch's gates and gate order
 * i, f, g, o (G = 4), batch-first, zero initial state:
 *   [a_i a_f a_g a_o] = x_t·W + h_{t−1}·U + b,     W: [in, 4H], U: [H, 4H], b: [4H] (= PyTorch's b_ih + b_hh)
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
 * X: [batch, time, in] → [batch, hidden] (h_T) or [batch, time, hidden] (returnSequences).
 * backward through time (see lstmCellBackward for the gate formulas):
 *   dh_{t−1} = dA_t·Uᵀ + (output gradient at t − 1),  dU += Σ_t h_{t−1}ᵀ·dA_t, then as RecurrentLayer.
 * Parameters: kernel W, recurrentKernel U, bias b (PyTorch's weight_ih_l0ᵀ, weight_hh_l0ᵀ, bias_ih_l0 + bias_hh_l0).
 */
export class LSTM extends RecurrentLayer {
  readonly name = 'LSTM';

  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, options);
  }

  protected steps(p: FloatArray, hs: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 4 * h;
    const u = this.recurrentKernel.value.data;
    // cs block 0 is c_0 = 0; tcs[t] = tanh(c_{t+1}).
    const cs = this.buffer('cs', (time + 1) * block, dtype);
    cs.fill(0, 0, block);
    const tcs = this.buffer('tcs', time * block, dtype);
    for (let t = 0; t < time; t++) {
      const gates = p.subarray(t * batch * width, (t + 1) * batch * width);
      // P_t += h_{t−1}·U (h_0 = 0 adds nothing)
      if (t > 0) gemm(false, false, batch, width, h, 1, hs.subarray(t * block, (t + 1) * block), u, 1, gates);
      lstmCellForward(
        gates, cs.subarray(t * block, (t + 1) * block), cs.subarray((t + 1) * block, (t + 2) * block),
        tcs.subarray(t * block, (t + 1) * block), hs.subarray((t + 1) * block, (t + 2) * block), batch, h,
      );
    }
  }

  protected backSteps(dH: FloatArray, hs: FloatArray, dP: FloatArray, { batch, time }: StepShape, dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const width = 4 * h;
    const u = this.recurrentKernel.value.data;
    const acts = this.cached('p');
    const cs = this.cached('cs');
    const tcs = this.cached('tcs');
    const dc = this.buffer('dc', block, dtype);
    dc.fill(0);
    for (let t = time - 1; t >= 0; t--) {
      const dh = dH.subarray(t * block, (t + 1) * block);
      const dGates = dP.subarray(t * batch * width, (t + 1) * batch * width);
      lstmCellBackward(
        acts.subarray(t * batch * width, (t + 1) * batch * width), cs.subarray(t * block, (t + 1) * block),
        tcs.subarray(t * block, (t + 1) * block), dh, dc, dGates, batch, h,
      );
      // dh_{t−1} += dA_t·Uᵀ
      if (t > 0) gemm(false, true, batch, h, width, 1, dGates, u, 1, dH.subarray((t - 1) * block, t * block));
    }
    // dU += Σ_{t ≥ 1} h_tᵀ·dA_{t+1}: one GEMM over steps 1..T−1 (h_0 = 0 contributes nothing)
    if (time > 1) {
      gemm(true, false, h, width, (time - 1) * batch, 1, hs.subarray(block, time * block), dP.subarray(batch * width), 1, this.recurrentKernel.grad.data);
    }
  }

  toConfig(): LSTMConfig {
    return { type: 'LSTM', inputSize: this.inputSize, hiddenSize: this.hiddenSize, returnSequences: this.returnSequences };
  }
}
