import type { FloatArray, Shape } from '../tensor/Tensor';
import { Tensor } from '../tensor/Tensor';
import { reuseOrZeros } from '../tensor/reuse';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import type { LayerConfig } from './LayerConfig';

/** y = f(x), elementwise (a kernel from src/kernels). */
export type ElementwiseForward = (x: FloatArray, y: FloatArray) => void;
/** dx = dy · f′(x), given the cached x and y = f(x) (each kernel takes whichever is cheaper). */
export type ElementwiseBackward = (x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray) => void;

/**
 * The shared body of the elementwise activations (ReLU, Sigmoid, GELU, …), like Torch7's
 * Threshold: any input shape, output of the same shape. A subclass hands its name and its forward
 * and backward kernels to the constructor; this class caches the input and output, checks shapes,
 * allocates, and writes the config `{ type: name }` (a layer with options overrides toConfig).
 */
export abstract class ElementwiseLayer<C extends LayerConfig = LayerConfig> extends LayerBase implements Layer {
  training = true;
  private cache: { input: Tensor; output: Tensor } | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private gradIn: Tensor | undefined;

  constructor(
    readonly name: C['type'],
    private readonly compute: ElementwiseForward,
    private readonly derive: ElementwiseBackward,
  ) {
    super();
  }

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

  /** The config of an activation without options is its type alone. */
  toConfig(): C {
    return { type: this.name } as C;
  }
}
