import { ShapeError, formatShape } from '../errors';
import { Tensor, shapeSize, type Shape } from '../tensor/Tensor';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import { optionError } from '../validate';

export interface ReshapeConfig {
  readonly type: 'Reshape';
  /** The shape of one sample, without the batch dimension; -1 (once) is inferred. */
  readonly shape: readonly number[];
}

/**
 * Gives every sample a new shape, e.g. a CSV row of 64 pixels → [1, 8, 8] for Conv2D:
 *   X: [batch, d₁, …, dₖ] → Y: [batch, ...shape]   (same values, row-major order)
 * backward: dX = dY reshaped to X's shape. Both are views sharing data, like Flatten.
 */
export class Reshape extends LayerBase implements Layer {
  readonly name = 'Reshape';
  training = true;
  readonly shape: readonly number[];
  private cache: { inputShape: Shape; outputShape: Shape } | undefined;

  constructor(shape: readonly number[]) {
    super();
    const valid =
      Array.isArray(shape) &&
      shape.length > 0 &&
      shape.every((d) => d === -1 || (Number.isInteger(d) && d > 0)) &&
      shape.filter((d) => d === -1).length <= 1;
    if (!valid) {
      throw optionError(
        'Reshape',
        'shape',
        'a non-empty array of positive integers with at most one -1 (the sample shape without the batch)',
        shape,
      );
    }
    this.shape = Object.freeze([...shape]);
  }

  forward(x: Tensor): Tensor {
    const outputShape = this.outputShape(x.shape);
    this.cache = { inputShape: x.shape, outputShape };
    return x.reshape(outputShape);
  }

  backward(gradOut: Tensor): Tensor {
    const { inputShape, outputShape } = requireCache(this.cache, 'Reshape');
    expectGradShape('Reshape', outputShape, gradOut.shape);
    return gradOut.reshape(inputShape);
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectMinRank('Reshape', 2, inputShape);
    const perSample = shapeSize(inputShape.slice(1));
    const known = shapeSize(this.shape.filter((d) => d !== -1));
    const resolved = this.shape.map((d) => (d === -1 ? perSample / known : d));
    if (!resolved.every((d) => Number.isInteger(d) && d > 0) || shapeSize(resolved) !== perSample) {
      const wanted = this.shape.includes(-1) ? `a multiple of ${known}` : String(known);
      throw new ShapeError(
        `Reshape: expected input with ${wanted} values per sample to reshape to ${formatShape(this.shape)}, ` +
          `got ${formatShape(inputShape)} (${perSample} per sample)`,
      );
    }
    return [inputShape[0] as number, ...resolved];
  }

  toConfig(): ReshapeConfig {
    return { type: 'Reshape', shape: [...this.shape] };
  }
}
