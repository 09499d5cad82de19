import { avgPoolBackward, avgPoolForward, type PoolGeometry } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { pairToConfig, poolGeometry, toPair, type Pair } from './spatial';

export interface AvgPool2DConfig {
  readonly type: 'AvgPool2D';
  readonly kernelSize: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
}

/**
 * Average pooling over kh×kw windows, NCHW, no padding:
 *   Y[n, c, y, x] = (1/(kh·kw)) Σ_{i,j} X[n, c, y·sh + i, x·sw + j],   H' = ⌊(H − kh)/sh⌋ + 1
 * backward: each window shares its gradient equally (overlapping windows add up):
 *   dX[n, c, y·sh + i, x·sw + j] += dY[n, c, y, x] / (kh·kw)
 */
export class AvgPool2D implements Layer {
  readonly name = 'AvgPool2D';
  training = true;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  private cache: { geometry: PoolGeometry; inputShape: Shape; outputShape: Shape } | undefined;

  /** `stride` defaults to `kernelSize` (non-overlapping windows), as in PyTorch and Keras. */
  constructor(kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    this.kernelSize = toPair('AvgPool2D', 'kernelSize', kernelSize);
    this.stride = toPair('AvgPool2D', 'stride', stride ?? kernelSize);
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry(x.shape);
    const outputShape = this.outputShape(x.shape);
    const y = Tensor.zeros(outputShape, x.dtype);
    avgPoolForward(x.data, g, y.data);
    this.cache = { geometry: g, inputShape: x.shape, outputShape };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { geometry, inputShape, outputShape } = requireCache(this.cache, 'AvgPool2D');
    expectGradShape('AvgPool2D', outputShape, gradOut.shape);
    const gradIn = Tensor.zeros(inputShape, gradOut.dtype);
    avgPoolBackward(gradOut.data, geometry, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const g = this.geometry(inputShape);
    return [inputShape[0] as number, inputShape[1] as number, g.outH, g.outW];
  }

  toConfig(): AvgPool2DConfig {
    return { type: 'AvgPool2D', kernelSize: pairToConfig(this.kernelSize), stride: pairToConfig(this.stride) };
  }

  private geometry(shape: Shape): PoolGeometry {
    return poolGeometry('AvgPool2D', shape, this.kernelSize, this.stride);
  }
}

