import { ShapeError, formatShape } from '../errors';
import type { Shape } from '../tensor/Tensor';
import { BatchNorm, type BatchNormOptions } from './BatchNorm';

export interface BatchNorm1DConfig {
  readonly type: 'BatchNorm1D';
  readonly features: number;
  readonly momentum?: number;
  readonly eps?: number;
}

/**
 * Batch normalisation of [batch, features] (after a Linear layer): each feature is normalised over
 * the batch. Formulas in {@link BatchNorm}; parameters `gamma`, `beta` and buffers `runningMean`,
 * `runningVar` are [features].
 */
export class BatchNorm1D extends BatchNorm {
  readonly name = 'BatchNorm1D';

  constructor(features: number, options: BatchNormOptions = {}) {
    super('BatchNorm1D', 'features', features, options);
  }

  protected layout(shape: Shape): [number, number, number] {
    if (shape.length !== 2 || shape[1] !== this.channels) {
      throw new ShapeError(`BatchNorm1D: expected input of shape [batch, ${this.channels}], got ${formatShape(shape)}`);
    }
    return [shape[0] as number, this.channels, 1];
  }

  toConfig(): BatchNorm1DConfig {
    return { type: 'BatchNorm1D', features: this.channels, momentum: this.momentum, eps: this.eps };
  }
}
