import { logSoftmaxBackwardRows, logSoftmaxRows } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';

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
export class LogSoftmax implements Layer {
  readonly name = 'LogSoftmax';
  training = true;
  private output: Tensor | undefined;

  forward(x: Tensor): Tensor {
    expectMinRank('LogSoftmax', 2, x.shape);
    const cols = x.shape[x.shape.length - 1] as number;
    const y = Tensor.zeros(x.shape, x.dtype);
    logSoftmaxRows(x.data, y.data, cols === 0 ? 0 : x.size / cols, cols);
    this.output = y;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const y = requireCache(this.output, 'LogSoftmax');
    expectGradShape('LogSoftmax', y.shape, gradOut.shape);
    const cols = y.shape[y.shape.length - 1] as number;
    const gradIn = Tensor.zeros(y.shape, gradOut.dtype);
    logSoftmaxBackwardRows(y.data, gradOut.data, gradIn.data, cols === 0 ? 0 : y.size / cols, cols);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectMinRank('LogSoftmax', 2, inputShape);
    return inputShape;
  }

  toConfig(): LogSoftmaxConfig {
    return { type: 'LogSoftmax' };
  }
}
