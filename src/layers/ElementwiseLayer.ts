import type { FloatArray, Shape } from '../tensor/Tensor';
import { Tensor } from '../tensor/Tensor';
import { reuseOrZeros } from '../tensor/reuse';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import type { LayerConfig } from './LayerConfig';

/**
 * The shared body of the parameter-free elementwise activations (ReLU, Sigmoid, GELU, …), like
 * Torch7's Threshold: any input shape, output of the same shape. A subclass names its forward and
 * backward kernels; this class caches the input and output, checks shapes and allocates.
 */
export abstract class ElementwiseLayer extends LayerBase implements Layer {
  abstract readonly name: string;
  training = true;
  private cache: { input: Tensor; output: Tensor } | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private gradIn: Tensor | undefined;

  /** y = f(x), elementwise. */
  protected abstract compute(x: FloatArray, y: FloatArray): void;
  /** dx = dy · f′(x), given the cached x and y = f(x) (each kernel takes whichever is cheaper). */
  protected abstract derive(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void;
  abstract toConfig(): LayerConfig;

  forward(x: Tensor): Tensor {
    const y = reuseOrZeros(this.cache?.output, x.shape, x.dtype);
    this.compute(x.data, y.data);
    this.cache = { input: x, output: y };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { input, output } = requireCache(this.cache, this.name);
    expectGradShape(this.name, input.shape, gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, input.shape, gradOut.dtype);
    this.gradIn = gradIn;
    this.derive(input.data, output.data, gradOut.data, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}
