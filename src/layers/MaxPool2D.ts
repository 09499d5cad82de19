import { maxPoolBackward, maxPoolForward, type PoolGeometry } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { pairToConfig, poolGeometry, toPair, type Pair } from './spatial';

export interface MaxPool2DConfig {
  readonly type: 'MaxPool2D';
  readonly kernelSize: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
}

/**
 * Max pooling over kh×kw windows, NCHW, no padding:
 *   Y[n, c, y, x] = max_{i,j} X[n, c, y·sh + i, x·sw + j],   H' = ⌊(H − kh)/sh⌋ + 1
 * backward: the gradient goes to the position of each window's maximum (the first one on ties):
 *   dX[argmax] += dY
 */
export class MaxPool2D implements Layer {
  readonly name = 'MaxPool2D';
  training = true;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  private cache: { argmax: Int32Array; inputShape: Shape; outputShape: Shape } | undefined;

  /** `stride` defaults to `kernelSize` (non-overlapping windows), as in PyTorch and Keras. */
  constructor(kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    this.kernelSize = toPair('MaxPool2D', 'kernelSize', kernelSize);
    this.stride = toPair('MaxPool2D', 'stride', stride ?? kernelSize);
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

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const g = this.geometry(inputShape);
    return [inputShape[0] as number, inputShape[1] as number, g.outH, g.outW];
  }

  toConfig(): MaxPool2DConfig {
    return { type: 'MaxPool2D', kernelSize: pairToConfig(this.kernelSize), stride: pairToConfig(this.stride) };
  }

  private geometry(shape: Shape): PoolGeometry {
    return poolGeometry('MaxPool2D', shape, this.kernelSize, this.stride);
  }
}

