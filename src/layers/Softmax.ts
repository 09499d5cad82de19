import { softmaxBackwardRows, softmaxRows } from '../kernels';
import type { FloatArray } from '../tensor/Tensor';
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
export class Softmax extends RowwiseLayer {
  readonly name = 'Softmax';

  protected compute(x: FloatArray, y: FloatArray, rows: number, cols: number): void {
    softmaxRows(x, y, rows, cols);
  }

  protected derive(y: FloatArray, dy: FloatArray, dx: FloatArray, rows: number, cols: number): void {
    softmaxBackwardRows(y, dy, dx, rows, cols);
  }

  toConfig(): SoftmaxConfig {
    return { type: 'Softmax' };
  }
}
