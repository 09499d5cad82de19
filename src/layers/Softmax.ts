import { softmaxBackwardRows, softmaxRows } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';

export interface SoftmaxConfig {
  readonly type: 'Softmax';
}

/**
 * Softmax over the last dimension, each row on its own; X: [batch, …, classes] → Y of the same shape:
 *   Y[r, :] = exp(X[r, :] − max) / Σ exp(X[r, :] − max)   (the max keeps exp from overflowing)
 * backward (the chapter's example 4):
 *   dX = Y ⊙ (dY − rowsum(dY ⊙ Y))
 */
export class Softmax implements Layer {
  readonly name = 'Softmax';
  training = true;
  private output: Tensor | undefined;

  forward(x: Tensor): Tensor {
    expectMinRank('Softmax', 2, x.shape);
    const cols = x.shape[x.shape.length - 1] as number;
    const y = Tensor.zeros(x.shape, x.dtype);
    softmaxRows(x.data, y.data, cols === 0 ? 0 : x.size / cols, cols);
    this.output = y;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const y = requireCache(this.output, 'Softmax');
    expectGradShape('Softmax', y.shape, gradOut.shape);
    const cols = y.shape[y.shape.length - 1] as number;
    const gradIn = Tensor.zeros(y.shape, gradOut.dtype);
    softmaxBackwardRows(y.data, gradOut.data, gradIn.data, cols === 0 ? 0 : y.size / cols, cols);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectMinRank('Softmax', 2, inputShape);
    return inputShape;
  }

  toConfig(): SoftmaxConfig {
    return { type: 'Softmax' };
  }
}
