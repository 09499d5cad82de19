import { add } from '../../kernels';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { requireCache } from '../Layer';
import { MergeBase, type MergeLayer } from './MergeLayer';

export interface AddConfig {
  readonly type: 'Add';
}

/**
 * Elementwise sum of two or more inputs of one shape (Keras's Add, Torch7's CAddTable):
 *   y = x₀ + x₁ + … ;   backward: dxₖ = dy (the same tensor for every input, never written to)
 */
export class Add extends MergeBase implements MergeLayer {
  readonly name = 'Add';
  private count: number | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const y = this.fold(inputs, this.outputFor(inputs), add);
    this.count = inputs.length;
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const count = requireCache(this.count, 'Add');
    return Array.from({ length: count }, () => gradOut);
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    return this.sameShapes(inputShapes, labels);
  }

  toConfig(): AddConfig {
    return { type: 'Add' };
  }
}
