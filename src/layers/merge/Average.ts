import { add, scale } from '../../kernels';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { expectGradShape, requireCache } from '../Layer';
import { MergeBase, type MergeLayer } from './MergeLayer';

export interface AverageConfig {
  readonly type: 'Average';
}

/**
 * Elementwise mean of n ≥ 2 inputs of one shape (Keras's Average):
 *   y = (x₀ + … + xₙ₋₁) / n ;   backward: dxₖ = dy / n (one tensor for every input)
 */
export class Average extends MergeBase implements MergeLayer {
  readonly name = 'Average';
  private cache: { shape: Shape; count: number } | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const y = this.fold(inputs, this.outputFor(inputs), add);
    scale(y.data, 1 / inputs.length, y.data);
    this.cache = { shape: y.shape, count: inputs.length };
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const { shape, count } = requireCache(this.cache, 'Average');
    expectGradShape('Average', shape, gradOut.shape);
    const gradIn = this.gradFor(0, shape, gradOut.dtype);
    scale(gradOut.data, 1 / count, gradIn.data);
    return Array.from({ length: count }, () => gradIn);
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    return this.sameShapes(inputShapes, labels);
  }

  toConfig(): AverageConfig {
    return { type: 'Average' };
  }
}
