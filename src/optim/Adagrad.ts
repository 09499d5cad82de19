import { adagradUpdate } from '../kernels';
import type { Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { nonNegativeNumber, optionsObject } from '../validate';
import type { Optimizer, OptimizerState } from './Optimizer';
import type { AdagradConfig } from './OptimizerConfig';
import { ParamState, checkStateDict } from './paramState';

export interface AdagradOptions {
  readonly lr?: number;
  readonly eps?: number;
}

/**
 * Adagrad as torch.optim.Adagrad (no lr decay, accumulator starting at 0):
 *   sum = sum + g²,   θ ← θ − lr·g/(√sum + ε)
 */
export class Adagrad implements Optimizer {
  readonly name = 'Adagrad';
  private rate = 0;
  readonly eps: number;
  private readonly state = new ParamState<{ sum: FloatArray }>('Adagrad', (value) => ({ sum: allocate(value.dtype, value.size) }));

  constructor(options: AdagradOptions = {}) {
    optionsObject('Adagrad', '{ lr?, eps? }', options);
    this.lr = nonNegativeNumber('Adagrad', 'lr', options.lr ?? 1e-2);
    this.eps = nonNegativeNumber('Adagrad', 'eps', options.eps ?? 1e-10);
  }

  step(params: readonly Param[]): void {
    for (const param of params) {
      adagradUpdate(param.value.data, param.grad.data, this.state.get(param).sum, this.lr, this.eps);
    }
  }

  get lr(): number {
    return this.rate;
  }

  /** Schedules set it between epochs; a negative or non-finite rate is refused. */
  set lr(value: number) {
    this.rate = nonNegativeNumber(this.name, 'lr', value);
  }

  stateDict(): OptimizerState {
    return { type: this.name, lr: this.lr, params: this.state.toJSON() };
  }

  loadStateDict(state: OptimizerState): void {
    const checked = checkStateDict(this.name, this.name, state);
    this.lr = checked.lr;
    this.state.load(checked.params);
  }

  toConfig(): Required<AdagradConfig> {
    return { type: 'Adagrad', lr: this.lr, eps: this.eps };
  }
}
