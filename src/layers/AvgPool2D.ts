import { avgPoolBackward, avgPoolForward, zeroFill, type PoolGeometry } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { expectGradShape, requireCache } from './Layer';
import { Pool2D, type Pool2DConfig } from './Pool2D';

export type AvgPool2DConfig = Pool2DConfig<'AvgPool2D'>;

/**
 * Average pooling over kh×kw windows, NCHW, no padding:
 *   Y[n, c, y, x] = (1/(kh·kw)) Σ_{i,j} X[n, c, y·sh + i, x·sw + j],   H' = ⌊(H − kh)/sh⌋ + 1
 * backward: each window shares its gradient equally (overlapping windows add up):
 *   dX[n, c, y·sh + i, x·sw + j] += dY[n, c, y, x] / (kh·kw)
 */
export class AvgPool2D extends Pool2D<'AvgPool2D'> {
  private cache: { geometry: PoolGeometry; inputShape: Shape; outputShape: Shape } | undefined;
  /** Reused inside fit (see tensor/reuse.ts): the outputs of the last forward and backward. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    super('AvgPool2D', kernelSize, stride);
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry(x.shape);
    const outputShape = this.outputShape(x.shape);
    const y = reuseOrZeros(this.output, outputShape, x.dtype);
    this.output = y;
    avgPoolForward(x.data, g, y.data);
    this.cache = { geometry: g, inputShape: x.shape, outputShape };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { geometry, inputShape, outputShape } = requireCache(this.cache, 'AvgPool2D');
    expectGradShape('AvgPool2D', outputShape, gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
    // The kernel adds (and leaves positions outside every window alone), so a reused buffer starts from zero again.
    if (gradIn === this.gradIn) zeroFill(gradIn.data);
    this.gradIn = gradIn;
    avgPoolBackward(gradOut.data, geometry, gradIn.data);
    return gradIn;
  }
}
