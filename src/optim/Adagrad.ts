import { adagradUpdate } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { nonNegativeNumber, optionsObject } from '../validate';
import type { AdagradConfig } from './OptimizerConfig';
import { ParamState } from './paramState';
import { OptimizerBase } from './OptimizerBase';

export interface AdagradOptions {
  readonly lr?: number;
  readonly eps?: number;
}

/**
 * Adagrad as torch.optim.Adagrad (no lr decay, accumulator starting at 0):
 *   sum = sum + g²,   θ ← θ − lr·g/(√sum + ε)
 */
export class Adagrad extends OptimizerBase {
  readonly name = 'Adagrad';
  readonly eps: number;
  protected readonly state = new ParamState<{ sum: FloatArray }>('Adagrad', (value) => ({ sum: allocate(value.dtype, value.size) }));

  constructor(options: AdagradOptions = {}) {
    super();
    optionsObject('Adagrad', '{ lr?, eps? }', options);
    this.lr = nonNegativeNumber('Adagrad', 'lr', options.lr ?? 1e-2);
    this.eps = nonNegativeNumber('Adagrad', 'eps', options.eps ?? 1e-10);
  }

  step(params: readonly Param[]): void {
    for (const param of distinctParams(params)) {
      adagradUpdate(param.value.data, param.grad.data, this.state.get(param).sum, this.lr, this.eps);
    }
  }

  toConfig(): Required<AdagradConfig> {
    return { type: 'Adagrad', lr: this.lr, eps: this.eps };
  }
}
