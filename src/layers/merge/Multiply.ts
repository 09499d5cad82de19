import { mul, productExcept } from '../../kernels';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { expectGradShape, requireCache } from '../Layer';
import { MergeBase, type MergeLayer } from './MergeLayer';

export interface MultiplyConfig {
  readonly type: 'Multiply';
}

/**
 * Elementwise product of two or more inputs of one shape (Keras's Multiply, Torch7's CMulTable):
 *   y = x₀ ⊙ x₁ ⊙ … ;   backward: dxₖ = dy ⊙ Π_{j≠k} xⱼ
 */
export class Multiply extends MergeBase implements MergeLayer {
  readonly name = 'Multiply';
  private inputs: readonly Tensor[] | undefined;

  forward(inputs: readonly Tensor[]): Tensor {
    const y = this.fold(inputs, this.outputFor(inputs), mul);
    this.inputs = [...inputs];
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const inputs = requireCache(this.inputs, 'Multiply');
    expectGradShape('Multiply', (inputs[0] as Tensor).shape, gradOut.shape);
    const data = inputs.map((x) => x.data);
    return inputs.map((x, k) => {
      const gradIn = this.gradFor(k, x.shape, gradOut.dtype);
      productExcept(data, k, gradOut.data, gradIn.data);
      return gradIn;
    });
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    return this.sameShapes(inputShapes, labels);
  }

  toConfig(): MultiplyConfig {
    return { type: 'Multiply' };
  }
}
