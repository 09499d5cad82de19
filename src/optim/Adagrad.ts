import { ConfigError } from '../errors';
import { adagradUpdate } from '../kernels';
import type { Param } from '../layers/Layer';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { nonNegativeNumber } from '../validate';
import type { Optimizer } from './Optimizer';
import { ParamState } from './paramState';

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
  lr: number;
  readonly eps: number;
  private readonly state = new ParamState<FloatArray>('Adagrad', (value) => allocate(value.dtype, value.size));

  constructor(options: AdagradOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError(`Adagrad: expected options { lr?, eps? }, got ${JSON.stringify(options)}`);
    }
    this.lr = nonNegativeNumber('Adagrad', 'lr', options.lr ?? 1e-2);
    this.eps = nonNegativeNumber('Adagrad', 'eps', options.eps ?? 1e-10);
  }

  step(params: readonly Param[]): void {
    for (const param of params) {
      adagradUpdate(param.value.data, param.grad.data, this.state.get(param), this.lr, this.eps);
    }
  }

  toConfig(): { type: 'Adagrad'; lr: number; eps: number } {
    return { type: 'Adagrad', lr: this.lr, eps: this.eps };
  }
}
