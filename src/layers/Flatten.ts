import { Tensor, shapeSize, type Shape } from '../tensor/Tensor';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';

export interface FlattenConfig {
  readonly type: 'Flatten';
}

/**
 * Flattens every sample into a row (between convolutions and Linear layers):
 *   X: [batch, d₁, …, dₖ] → Y: [batch, d₁·…·dₖ];   backward: dX = dY reshaped to X's shape
 * Row-major order makes this a view: output and gradient share data with their sources (Torch7's View).
 */
export class Flatten extends LayerBase implements Layer {
  readonly name = 'Flatten';
  training = true;
  private inputShape: Shape | undefined;

  forward(x: Tensor): Tensor {
    const outShape = this.outputShape(x.shape);
    this.inputShape = x.shape;
    return x.reshape(outShape);
  }

  backward(gradOut: Tensor): Tensor {
    const inputShape = requireCache(this.inputShape, 'Flatten');
    expectGradShape('Flatten', flatShape(inputShape), gradOut.shape);
    return gradOut.reshape(inputShape);
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectMinRank('Flatten', 1, inputShape);
    return flatShape(inputShape);
  }

  toConfig(): FlattenConfig {
    return { type: 'Flatten' };
  }
}

function flatShape(shape: Shape): Shape {
  return [shape[0] as number, shapeSize(shape.slice(1))];
}
