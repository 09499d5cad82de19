import { putStep, takeStep } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { expectSequence } from './sequenceShape';

export interface LastStepConfig {
  readonly type: 'LastStep';
}

/**
 * The last step of a sequence (for classifying a sequence from a returnSequences output):
 *   Y[b, :] = X[b, T − 1, :],   X: [batch, time, features] → Y: [batch, features]
 * backward: dX[b, T − 1, :] = dY[b, :], zero at every other step.
 */
export class LastStep implements Layer {
  readonly name = 'LastStep';
  training = true;
  private inputShape: Shape | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  forward(x: Tensor): Tensor {
    const [batch, time, features] = expectSequence('LastStep', x.shape);
    const y = reuseOrZeros(this.output, [batch, features], x.dtype);
    this.output = y;
    takeStep(x.data, batch, time, features, time - 1, y.data);
    this.inputShape = x.shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const [batch, time, features] = requireCache(this.inputShape, 'LastStep') as [number, number, number];
    expectGradShape('LastStep', [batch, features], gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, [batch, time, features], gradOut.dtype);
    this.gradIn = gradIn;
    gradIn.data.fill(0);
    putStep(gradOut.data, batch, time, features, time - 1, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const [batch, , features] = expectSequence('LastStep', inputShape);
    return [batch, features];
  }

  toConfig(): LastStepConfig {
    return { type: 'LastStep' };
  }
}
