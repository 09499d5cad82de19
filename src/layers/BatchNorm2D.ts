import type { Shape } from '../tensor/Tensor';
import { BatchNorm, type BatchNormOptions } from './BatchNorm';
import { expectImage } from './spatial';

export interface BatchNorm2DConfig {
  readonly type: 'BatchNorm2D';
  readonly channels: number;
  readonly momentum?: number;
  readonly eps?: number;
}

/**
 * Batch normalisation of NCHW feature maps (after a Conv2D): each channel is normalised over
 * batch·H·W values. Formulas in {@link BatchNorm}; parameters `gamma`, `beta` and buffers
 * `runningMean`, `runningVar` are [channels].
 */
export class BatchNorm2D extends BatchNorm {
  readonly name = 'BatchNorm2D';

  constructor(channels: number, options: BatchNormOptions = {}) {
    super('BatchNorm2D', 'channels', channels, options);
  }

  protected layout(shape: Shape): [number, number, number] {
    expectImage('BatchNorm2D', this.channels, shape);
    const [batch, channels, height, width] = shape as [number, number, number, number];
    return [batch, channels, height * width];
  }

  toConfig(): BatchNorm2DConfig {
    return { type: 'BatchNorm2D', channels: this.channels, momentum: this.momentum, eps: this.eps };
  }
}
