import { scale, sub } from '../../kernels';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { expectGradShape, requireCache } from '../Layer';
import { MergeBase, type MergeLayer } from './MergeLayer';

export interface SubtractConfig {
  readonly type: 'Subtract';
}

/** Difference of exactly two inputs of one shape (Keras's Subtract): y = a − b;  da = dy, db = −dy */
export class Subtract extends MergeBase implements MergeLayer {
  readonly name = 'Subtract';
  private shape: Shape | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const y = this.outputFor(inputs);
    const [a, b] = inputs as [Tensor, Tensor];
    sub(a.data, b.data, y.data);
    this.shape = y.shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const shape = requireCache(this.shape, 'Subtract');
    expectGradShape('Subtract', shape, gradOut.shape);
    const gradB = this.gradFor(1, shape, gradOut.dtype);
    scale(gradOut.data, -1, gradB.data);
    return [gradOut, gradB];
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    return this.sameShapes(inputShapes, labels, 2, 2);
  }

  toConfig(): SubtractConfig {
    return { type: 'Subtract' };
  }
}
