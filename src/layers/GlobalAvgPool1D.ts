import { broadcastOverTime, sumOverTime } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { expectSequence } from './sequenceShape';

export interface GlobalAvgPool1DConfig {
  readonly type: 'GlobalAvgPool1D';
}

/**
 * The mean over time (Keras's GlobalAveragePooling1D, on batch-first sequences):
 *   Y[b, f] = (1/T) Σ_t X[b, t, f],   X: [batch, time, features] → Y: [batch, features]
 * backward: dX[b, t, f] = dY[b, f] / T
 */
export class GlobalAvgPool1D implements Layer {
  readonly name = 'GlobalAvgPool1D';
  training = true;
  private inputShape: Shape | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  forward(x: Tensor): Tensor {
    const [batch, time, features] = expectSequence('GlobalAvgPool1D', x.shape);
    const y = reuseOrZeros(this.output, [batch, features], x.dtype);
    this.output = y;
    sumOverTime(x.data, batch, time, features, 1 / time, y.data);
    this.inputShape = x.shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const [batch, time, features] = requireCache(this.inputShape, 'GlobalAvgPool1D') as [number, number, number];
    expectGradShape('GlobalAvgPool1D', [batch, features], gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, [batch, time, features], gradOut.dtype);
    this.gradIn = gradIn;
    broadcastOverTime(gradOut.data, batch, time, features, 1 / time, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const [batch, , features] = expectSequence('GlobalAvgPool1D', inputShape);
    return [batch, features];
  }

  toConfig(): GlobalAvgPool1DConfig {
    return { type: 'GlobalAvgPool1D' };
  }
}
