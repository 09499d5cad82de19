import { rmspropUpdate } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { allocate, type FloatArray } from '../tensor/Tensor';
import { nonNegativeNumber, optionsObject } from '../validate';
import type { RMSpropConfig } from './OptimizerConfig';
import { ParamState } from './paramState';
import { OptimizerBase } from './OptimizerBase';

export interface RMSpropOptions {
  readonly lr?: number;
  readonly alpha?: number;
  readonly eps?: number;
  readonly momentum?: number;
}

/**
 * RMSprop as torch.optim.RMSprop (not centered):
 *   s = α·s + (1 − α)g²   (s starts at 0)
 *   momentum μ > 0:  buf = μ·buf + g/(√s + ε) (buf starts at 0),  θ ← θ − lr·buf
 *   otherwise:       θ ← θ − lr·g/(√s + ε)
 */
export class RMSprop extends OptimizerBase {
  readonly name = 'RMSprop';
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  protected readonly state = new ParamState<{ squareAvg: FloatArray; buf: FloatArray | undefined }>(
    'RMSprop',
    (value) => ({
      squareAvg: allocate(value.dtype, value.size),
      buf: this.momentum > 0 ? allocate(value.dtype, value.size) : undefined,
    }),
  );

  constructor(options: RMSpropOptions = {}) {
    super();
    optionsObject('RMSprop', '{ lr?, alpha?, eps?, momentum? }', options);
    this.lr = nonNegativeNumber('RMSprop', 'lr', options.lr ?? 1e-2);
    this.alpha = nonNegativeNumber('RMSprop', 'alpha', options.alpha ?? 0.99);
    this.eps = nonNegativeNumber('RMSprop', 'eps', options.eps ?? 1e-8);
    this.momentum = nonNegativeNumber('RMSprop', 'momentum', options.momentum ?? 0);
  }

  step(params: readonly Param[]): void {
    for (const param of distinctParams(params)) {
      const state = this.state.get(param);
      rmspropUpdate(param.value.data, param.grad.data, state.squareAvg, state.buf, this.lr, this.alpha, this.eps, this.momentum);
    }
  }

  toConfig(): Required<RMSpropConfig> {
    return { type: 'RMSprop', lr: this.lr, alpha: this.alpha, eps: this.eps, momentum: this.momentum };
  }
}
