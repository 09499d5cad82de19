import { add, scale } from '../../kernels';
import { reuseOrZeros } from '../../tensor/reuse';
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
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const shape = this.outputShape(inputs.map((x) => x.shape));
    const y = reuseOrZeros(this.output, shape, (inputs[0] as Tensor).dtype);
    this.output = y;
    y.data.set((inputs[0] as Tensor).data);
    for (const x of inputs.slice(1)) add(y.data, x.data, y.data);
    scale(y.data, 1 / inputs.length, y.data);
    this.cache = { shape, count: inputs.length };
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const { shape, count } = requireCache(this.cache, 'Average');
    expectGradShape('Average', shape, gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, shape, gradOut.dtype);
    this.gradIn = gradIn;
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
