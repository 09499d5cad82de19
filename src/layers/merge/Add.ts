import { add } from '../../kernels';
import { reuseOrZeros } from '../../tensor/reuse';
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
  private output: Tensor | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const shape = this.outputShape(inputs.map((x) => x.shape));
    const y = reuseOrZeros(this.output, shape, (inputs[0] as Tensor).dtype);
    this.output = y;
    y.data.set((inputs[0] as Tensor).data);
    for (const x of inputs.slice(1)) add(y.data, x.data, y.data);
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
