import { scale, sub } from '../../kernels';
import { reuseOrZeros } from '../../tensor/reuse';
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
  private output: Tensor | undefined;
  private gradB: Tensor | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const shape = this.outputShape(inputs.map((x) => x.shape));
    const [a, b] = inputs as [Tensor, Tensor];
    const y = reuseOrZeros(this.output, shape, a.dtype);
    this.output = y;
    sub(a.data, b.data, y.data);
    this.shape = shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const shape = requireCache(this.shape, 'Subtract');
    expectGradShape('Subtract', shape, gradOut.shape);
    const gradB = reuseOrZeros(this.gradB, shape, gradOut.dtype);
    this.gradB = gradB;
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
