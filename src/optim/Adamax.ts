import { adamaxUpdate } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { inRange, nonNegativeNumber, optionsObject } from '../validate';
import type { AdamOptions } from './Adam';
import type { AdamaxConfig } from './OptimizerConfig';
import { ParamState } from './paramState';
import { OptimizerBase } from './OptimizerBase';

/** The same options as Adam's (lr, beta1, beta2, eps, weightDecay), with lr defaulting to 2e-3. */
export type AdamaxOptions = AdamOptions;

/**
 * Adamax as torch.optim.Adamax (Adam with the infinity norm), step t = 1, 2, … kept per parameter:
 *   g ← g + wd·θ,   m = β₁m + (1 − β₁)g,   u = max(β₂u, |g| + ε)
 *   θ ← θ − lr/(1 − β₁ᵗ) · m/u
 * Defaults lr = 2e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, wd = 0.
 */
export class Adamax extends OptimizerBase {
  readonly name = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly state = new ParamState<{ m: FloatArray; u: FloatArray; steps: number }>('Adamax', (value) => ({
    m: allocate(value.dtype, value.size),
    u: allocate(value.dtype, value.size),
    steps: 0,
  }));

  constructor(options: AdamaxOptions = {}) {
    super();
    optionsObject('Adamax', '{ lr?, beta1?, beta2?, eps?, weightDecay? }', options);
    this.lr = nonNegativeNumber('Adamax', 'lr', options.lr ?? 2e-3);
    this.beta1 = inRange('Adamax', 'beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = inRange('Adamax', 'beta2', options.beta2 ?? 0.999, 0, 1);
    this.eps = nonNegativeNumber('Adamax', 'eps', options.eps ?? 1e-8);
    this.weightDecay = nonNegativeNumber('Adamax', 'weightDecay', options.weightDecay ?? 0);
  }

  step(params: readonly Param[]): void {
    for (const param of distinctParams(params)) {
      const state = this.state.get(param);
      state.steps++;
      adamaxUpdate(param.value.data, param.grad.data, state.m, state.u, state.steps, this.lr, this.beta1, this.beta2, this.eps, this.weightDecay);
    }
  }

  toConfig(): Required<AdamaxConfig> {
    return { type: 'Adamax', lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }
}
