import { maxPoolBackward, maxPoolForward, zeroFill } from '../kernels';
import { reuseOrZeros, workIndices } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
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
  /** Reused inside fit (see tensor/reuse.ts), like the argmax array in the cache. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    super('MaxPool2D', kernelSize, stride);
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry(x.shape);
    const outputShape = this.outputShape(x.shape);
    const y = reuseOrZeros(this.output, outputShape, x.dtype);
    this.output = y;
    // maxPoolForward writes every entry of y and argmax, so old values do no harm. Inside fit on the
    // wasm backend argmax lives in the module's memory, where forward writes and backward reads it.
    const argmax = workIndices(this.cache?.argmax, y.size);
    maxPoolForward(x.data, g, y.data, argmax);
    this.cache = { argmax, inputShape: x.shape, outputShape };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { argmax, inputShape, outputShape } = requireCache(this.cache, 'MaxPool2D');
    expectGradShape('MaxPool2D', outputShape, gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
    // The kernel adds (overlapping windows can share a maximum), so a reused buffer starts from zero again.
    if (gradIn === this.gradIn) zeroFill(gradIn.data);
    this.gradIn = gradIn;
    maxPoolBackward(gradOut.data, argmax, gradIn.data);
    return gradIn;
  }
}
