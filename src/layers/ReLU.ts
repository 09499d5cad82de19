import { reluBackward, reluForward } from '../kernels';
import { Tensor, type Shape } from '../tensor/Tensor';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';

export interface ReLUConfig {
  readonly type: 'ReLU';
}

/**
 * Rectified linear unit, elementwise, any shape:
 *   y = max(x, 0);   backward: dx = dy · [x > 0]   (the subgradient at 0 is taken as 0)
 */
export class ReLU implements Layer {
  readonly name = 'ReLU';
  training = true;
  private input: Tensor | undefined;

  forward(x: Tensor): Tensor {
    const y = Tensor.zeros(x.shape, x.dtype);
    reluForward(x.data, y.data);
    this.input = x;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = requireCache(this.input, 'ReLU');
    expectGradShape('ReLU', x.shape, gradOut.shape);
    const gradIn = Tensor.zeros(x.shape, gradOut.dtype);
    reluBackward(x.data, gradOut.data, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  toConfig(): ReLUConfig {
    return { type: 'ReLU' };
  }
}
