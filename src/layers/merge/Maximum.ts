import { maximumBackward, maximumForward } from '../../kernels';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { expectGradShape, requireCache } from '../Layer';
import { MergeBase, type MergeLayer } from './MergeLayer';

export interface MaximumConfig {
  readonly type: 'Maximum';
}

/**
 * Elementwise maximum of two or more inputs of one shape (Keras's Maximum):
 *   y = max(x₀, x₁, …) ;   backward: dxₖ = dy where xₖ is the maximum, 0 elsewhere
 * (a tie sends the gradient to the first input attaining it, as TensorFlow's maximum does).
 */
export class Maximum extends MergeBase implements MergeLayer {
  readonly name = 'Maximum';
  private cache: { shape: Shape; count: number; which: Int32Array } | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const y = this.outputFor(inputs);
    const which = this.cache?.which.length === y.size ? this.cache.which : new Int32Array(y.size);
    maximumForward(inputs.map((x) => x.data), y.data, which);
    this.cache = { shape: y.shape, count: inputs.length, which };
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const { shape, count, which } = requireCache(this.cache, 'Maximum');
    expectGradShape('Maximum', shape, gradOut.shape);
    const gradIns = Array.from({ length: count }, (_, k) => this.gradFor(k, shape, gradOut.dtype));
    maximumBackward(gradOut.data, which, gradIns.map((g) => g.data));
    return gradIns;
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    return this.sameShapes(inputShapes, labels);
  }

  toConfig(): MaximumConfig {
    return { type: 'Maximum' };
  }
}
