import { logSoftmaxBackwardRows, logSoftmaxRows } from '../kernels';
import { RowwiseLayer } from './RowwiseLayer';

export interface LogSoftmaxConfig {
  readonly type: 'LogSoftmax';
}

/**
 * Log-softmax over the last dimension, each row on its own (pairs with NLLLoss);
 * X: [batch, …, classes] → Y of the same shape:
 *   Y[r, :] = X[r, :] − max − log Σ exp(X[r, :] − max)   (finite even for logits of 1000)
 * backward:
 *   dX = dY − exp(Y) ⊙ rowsum(dY)
 */
export class LogSoftmax extends RowwiseLayer<LogSoftmaxConfig> {
  constructor() {
    super('LogSoftmax', logSoftmaxRows, logSoftmaxBackwardRows);
  }
}
