import { ConfigError } from '../errors';
import { adagradUpdate } from '../kernels';
import type { Param } from '../layers/Layer';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { nonNegativeNumber } from '../validate';
import type { Optimizer, OptimizerState } from './Optimizer';
import { ParamState, checkStateDict } from './paramState';

export interface AdagradOptions {
  lr?: number;
  eps?: number;
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
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError(`Adagrad: expected options { lr?, eps? }, got ${JSON.stringify(options)}`);
    }
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

  toConfig(): { type: 'Adagrad'; lr: number; eps: number } {
    return { type: 'Adagrad', lr: this.lr, eps: this.eps };
  }
}
