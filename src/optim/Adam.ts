import { adamUpdate } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { inRange, nonNegativeNumber, optionsObject } from '../validate';
import { ParamState } from './paramState';
import { OptimizerBase } from './OptimizerBase';

export interface AdamOptions {
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

/**
 * Adam as torch.optim.Adam (bias-corrected, ε added after the square root), step t = 1, 2, …:
 *   g ← g + wd·θ   (L2 penalty folded into the gradient)
 *   m = β₁m + (1 − β₁)g,   v = β₂v + (1 − β₂)g²
 *   θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * The step count t is kept per parameter, as in PyTorch.
 */
export class Adam extends OptimizerBase {
  readonly name: 'Adam' | 'AdamW' = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW decays θ directly instead of adding wd·θ to the gradient. */
  protected readonly decoupled: boolean = false;
  protected readonly state = new ParamState<{ m: FloatArray; v: FloatArray; steps: number }>('Adam', (value) => ({
    m: allocate(value.dtype, value.size),
    v: allocate(value.dtype, value.size),
    steps: 0,
  }));

  constructor(options: AdamOptions = {}, defaultWeightDecay = 0, where = 'Adam') {
    super();
    optionsObject(where, '{ lr?, beta1?, beta2?, eps?, weightDecay? }', options);
    this.lr = nonNegativeNumber(where, 'lr', options.lr ?? 1e-3);
    this.beta1 = inRange(where, 'beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = inRange(where, 'beta2', options.beta2 ?? 0.999, 0, 1);
    this.eps = nonNegativeNumber(where, 'eps', options.eps ?? 1e-8);
    this.weightDecay = nonNegativeNumber(where, 'weightDecay', options.weightDecay ?? defaultWeightDecay);
  }

  step(params: readonly Param[]): void {
    for (const param of distinctParams(params)) {
      const state = this.state.get(param);
      state.steps++;
      adamUpdate(
        param.value.data,
        param.grad.data,
        state.m,
        state.v,
        state.steps,
        this.lr,
        this.beta1,
        this.beta2,
        this.eps,
        this.weightDecay,
        this.decoupled,
      );
    }
  }

  toConfig(): Required<AdamOptions> & { type: 'Adam' | 'AdamW' } {
    return {
      type: this.name,
      lr: this.lr,
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
    };
  }
}
