import { softmaxBackwardRows, softmaxRows } from '../kernels';
import { RowwiseLayer } from './RowwiseLayer';

export interface SoftmaxConfig {
  readonly type: 'Softmax';
}

/**
 * Softmax over the last dimension, each row on its own; X: [batch, …, classes] → Y of the same shape:
 *   Y[r, :] = exp(X[r, :] − max) / Σ exp(X[r, :] − max)   (the max keeps exp from overflowing)
 * backward (the chapter's example 4):
 *   dX = Y ⊙ (dY − rowsum(dY ⊙ Y))
 */
export class Softmax extends RowwiseLayer<SoftmaxConfig> {
  constructor() {
    super('Softmax', softmaxRows, softmaxBackwardRows);
  }
}
