import { globalAvgPoolBackward, globalAvgPoolForward } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import { expectImage } from './spatial';

export interface GlobalAvgPool2DConfig {
  readonly type: 'GlobalAvgPool2D';
}

/**
 * The mean of each feature map (Lin et al. 2013, "Network in Network"): a CNN's head without a
 * large Linear layer, and independent of the image size.
 *   Y[n, c] = (1/(H·W)) Σ_{y,x} X[n, c, y, x],   X: [batch, channels, H, W] → Y: [batch, channels]
 * backward: dX[n, c, y, x] = dY[n, c] / (H·W)
 */
export class GlobalAvgPool2D extends LayerBase implements Layer {
  readonly name = 'GlobalAvgPool2D';
  training = true;
  private inputShape: Shape | undefined;
  /** Reused inside fit (see tensor/reuse.ts); both kernels write every entry. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  forward(x: Tensor): Tensor {
    const outputShape = this.outputShape(x.shape);
    const [batch, channels, height, width] = x.shape as [number, number, number, number];
    const y = reuseOrZeros(this.output, outputShape, x.dtype);
    this.output = y;
    globalAvgPoolForward(x.data, batch * channels, height * width, y.data);
    this.inputShape = x.shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const inputShape = requireCache(this.inputShape, 'GlobalAvgPool2D');
    const [batch, channels, height, width] = inputShape as [number, number, number, number];
    expectGradShape('GlobalAvgPool2D', [batch, channels], gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
    this.gradIn = gradIn;
    globalAvgPoolBackward(gradOut.data, batch * channels, height * width, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectImage('GlobalAvgPool2D', -1, inputShape);
    return [inputShape[0] as number, inputShape[1] as number];
  }

  toConfig(): GlobalAvgPool2DConfig {
    return { type: 'GlobalAvgPool2D' };
  }
}
