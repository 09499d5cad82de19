import { gemm, rnnCellBackward, rnnCellForward } from '../kernels';
import type { DType, FloatArray } from '../tensor/Tensor';
import { oneOf } from '../validate';
import { RecurrentLayer, type RecurrentOptions, type StepShape } from './RecurrentLayer';

export const RNN_ACTIVATIONS = ['tanh', 'relu'] as const;
export type RNNActivation = (typeof RNN_ACTIVATIONS)[number];

export interface SimpleRNNConfig {
  readonly type: 'SimpleRNN';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly activation?: RNNActivation;
  readonly returnSequences?: boolean;
}

export interface SimpleRNNOptions extends RecurrentOptions {
  activation?: RNNActivation;
}

/**
 * Elman recurrent layer (PyTorch's nn.RNN, Keras's SimpleRNN), batch-first, zero initial state:
 *   h_t = φ(x_t·W + h_{t−1}·U + b),   φ = tanh or relu,  W: [in, H], U: [H, H], b: [H] (= b_ih + b_hh)
 * X: [batch, time, in] → [batch, hidden] (h_T) or [batch, time, hidden] (returnSequences).
 * backward through time: dA_t = (dh_t + dA_{t+1}·Uᵀ) ⊙ φ′,  dU += Σ_t h_{t−1}ᵀ·dA_t, then as RecurrentLayer.
 */
export class SimpleRNN extends RecurrentLayer {
  readonly name = 'SimpleRNN';
  readonly activation: RNNActivation;

  constructor(inputSize: number, hiddenSize: number, options: SimpleRNNOptions = {}) {
    super('SimpleRNN', 1, inputSize, hiddenSize, options);
    this.activation = oneOf('SimpleRNN', 'activation', options.activation ?? 'tanh', RNN_ACTIVATIONS);
  }

  protected steps(p: FloatArray, hs: FloatArray, { batch, time }: StepShape): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const u = this.recurrentKernel.value.data;
    const relu = this.activation === 'relu';
    for (let t = 0; t < time; t++) {
      const pre = p.subarray(t * block, (t + 1) * block);
      if (t > 0) gemm(false, false, batch, h, h, 1, hs.subarray(t * block, (t + 1) * block), u, 1, pre);
      rnnCellForward(pre, hs.subarray((t + 1) * block, (t + 2) * block), relu);
    }
  }

  protected backSteps(dH: FloatArray, hs: FloatArray, dP: FloatArray, { batch, time }: StepShape, _dtype: DType): void {
    const h = this.hiddenSize;
    const block = batch * h;
    const u = this.recurrentKernel.value.data;
    const relu = this.activation === 'relu';
    for (let t = time - 1; t >= 0; t--) {
      const dA = dP.subarray(t * block, (t + 1) * block);
      rnnCellBackward(hs.subarray((t + 1) * block, (t + 2) * block), dH.subarray(t * block, (t + 1) * block), dA, relu);
      // dh_{t−1} += dA_t·Uᵀ
      if (t > 0) gemm(false, true, batch, h, h, 1, dA, u, 1, dH.subarray((t - 1) * block, t * block));
    }
    if (time > 1) gemm(true, false, h, h, (time - 1) * batch, 1, hs.subarray(block, time * block), dP.subarray(block), 1, this.recurrentKernel.grad.data);
  }

  toConfig(): SimpleRNNConfig {
    return {
      type: 'SimpleRNN', inputSize: this.inputSize, hiddenSize: this.hiddenSize, activation: this.activation,
      returnSequences: this.returnSequences,
    };
  }
}
