import { maxOverTime, maxOverTimeBackward } from '../kernels';
import { reusingBuffers, reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { expectSequence } from './sequenceShape';

export interface GlobalMaxPool1DConfig {
  readonly type: 'GlobalMaxPool1D';
}

/**
 * The maximum over time (Keras's GlobalMaxPooling1D, on batch-first sequences):
 *   Y[b, f] = max_t X[b, t, f],   X: [batch, time, features] → Y: [batch, features]
 * backward: dX[b, t*, f] = dY[b, f] at the first step t* reaching the maximum, zero elsewhere
 * (PyTorch's rule for max).
 */
export class GlobalMaxPool1D implements Layer {
  readonly name = 'GlobalMaxPool1D';
  training = true;
  private cache: { shape: Shape; argmax: Int32Array } | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  forward(x: Tensor): Tensor {
    const [batch, time, features] = expectSequence('GlobalMaxPool1D', x.shape);
    const y = reuseOrZeros(this.output, [batch, features], x.dtype);
    this.output = y;
    const previous = this.cache?.argmax;
    const argmax = reusingBuffers() && previous?.length === batch * features ? previous : new Int32Array(batch * features);
    maxOverTime(x.data, batch, time, features, y.data, argmax);
    this.cache = { shape: x.shape, argmax };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { shape, argmax } = requireCache(this.cache, 'GlobalMaxPool1D');
    const [batch, time, features] = shape as [number, number, number];
    expectGradShape('GlobalMaxPool1D', [batch, features], gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, shape, gradOut.dtype);
    this.gradIn = gradIn;
    maxOverTimeBackward(gradOut.data, argmax, batch, time, features, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const [batch, , features] = expectSequence('GlobalMaxPool1D', inputShape);
    return [batch, features];
  }

  toConfig(): GlobalMaxPool1DConfig {
    return { type: 'GlobalMaxPool1D' };
  }
}
