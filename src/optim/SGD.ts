import { ConfigError } from '../errors';
import { sgdUpdate } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { boolean, nonNegativeNumber, optionsObject } from '../validate';
import type { SGDConfig } from './OptimizerConfig';
import { ParamState, checkGrad } from './paramState';
import { OptimizerBase } from './OptimizerBase';

export interface SGDOptions {
  readonly lr: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent as torch.optim.SGD (dampening 0):
 *   g' = g + wd·θ
 *   momentum μ > 0:  buf = g' on the first step, then buf = μ·buf + g';  d = nesterov ? g' + μ·buf : buf
 *   θ ← θ − lr·d   (d = g' without momentum)
 */
export class SGD extends OptimizerBase {
  readonly name = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  protected readonly state = new ParamState<{ buf: FloatArray; steps: number }>('SGD', (value) => ({
    buf: allocate(value.dtype, value.size),
    steps: 0,
  }));

  constructor(options: SGDOptions) {
    super();
    optionsObject('SGD', '{ lr, momentum?, nesterov?, weightDecay? }', options);
    this.lr = nonNegativeNumber('SGD', 'lr', options.lr);
    this.momentum = nonNegativeNumber('SGD', 'momentum', options.momentum ?? 0);
    this.nesterov = boolean('SGD', 'nesterov', options.nesterov ?? false);
    this.weightDecay = nonNegativeNumber('SGD', 'weightDecay', options.weightDecay ?? 0);
    if (this.nesterov && this.momentum === 0) {
      throw new ConfigError('SGD: expected momentum > 0 with nesterov: true, got momentum=0; set a momentum such as 0.9');
    }
  }

  step(params: readonly Param[]): void {
    for (const param of distinctParams(params)) {
      const value = param.value.data;
      if (this.momentum === 0) {
        checkGrad(this.name, param);
        sgdUpdate(value, param.grad.data, undefined, false, this.lr, 0, false, this.weightDecay);
        continue;
      }
      const state = this.state.get(param);
      sgdUpdate(value, param.grad.data, state.buf, state.steps === 0, this.lr, this.momentum, this.nesterov, this.weightDecay);
      state.steps++;
    }
  }

  toConfig(): Required<SGDConfig> {
    return { type: 'SGD', lr: this.lr, momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}
