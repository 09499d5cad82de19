import { maxPoolBackward, maxPoolForward } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, requireCache } from './Layer';
import { Pool2D, type Pool2DConfig } from './Pool2D';

export type MaxPool2DConfig = Pool2DConfig<'MaxPool2D'>;

/**
 * Max pooling over kh×kw windows, NCHW, no padding:
 *   Y[n, c, y, x] = max_{i,j} X[n, c, y·sh + i, x·sw + j],   H' = ⌊(H − kh)/sh⌋ + 1
 * backward: the gradient goes to the position of each window's maximum (the first one on ties):
 *   dX[argmax] += dY
 */
export class MaxPool2D extends Pool2D<'MaxPool2D'> {
  private cache: { argmax: Int32Array; inputShape: Shape; outputShape: Shape } | undefined;

  constructor(kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    super('MaxPool2D', kernelSize, stride);
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry(x.shape);
    const outputShape = this.outputShape(x.shape);
    const y = Tensor.zeros(outputShape, x.dtype);
    const argmax = new Int32Array(y.size);
    maxPoolForward(x.data, g, y.data, argmax);
    this.cache = { argmax, inputShape: x.shape, outputShape };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { argmax, inputShape, outputShape } = requireCache(this.cache, 'MaxPool2D');
    expectGradShape('MaxPool2D', outputShape, gradOut.shape);
    const gradIn = Tensor.zeros(inputShape, gradOut.dtype);
    maxPoolBackward(gradOut.data, argmax, gradIn.data);
    return gradIn;
  }
}
