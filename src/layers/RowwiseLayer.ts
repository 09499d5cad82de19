import type { FloatArray, Shape } from '../tensor/Tensor';
import type { Tensor } from '../tensor/Tensor';
import { reuseOrZeros } from '../tensor/reuse';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import type { LayerConfig } from './LayerConfig';

/**
 * The shared body of Softmax and LogSoftmax: a function of each row over the last dimension,
 * X: [batch, …, classes] → Y of the same shape. Backward needs only the cached output Y. A
 * subclass hands its name and its two row kernels to the constructor.
 */
export abstract class RowwiseLayer<C extends LayerConfig> extends LayerBase implements Layer {
  training = true;
  private output: Tensor | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private gradIn: Tensor | undefined;

  /**
   * `apply`: Y[r, :] = f(X[r, :]) for `rows` rows of `cols` values; `derive`: dX from the cached Y
   * and dY, row by row (kernels from src/kernels).
   */
  constructor(
    readonly name: C['type'],
    private readonly compute: (x: FloatArray, y: FloatArray, rows: number, cols: number) => void,
    private readonly derive: (y: FloatArray, dy: FloatArray, dx: FloatArray, rows: number, cols: number) => void,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    expectMinRank(this.name, 2, x.shape);
    const cols = x.shape[x.shape.length - 1] as number;
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.compute(x.data, y.data, cols === 0 ? 0 : x.size / cols, cols);
    this.output = y;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const y = requireCache(this.output, this.name);
    expectGradShape(this.name, y.shape, gradOut.shape);
    const cols = y.shape[y.shape.length - 1] as number;
    const gradIn = reuseOrZeros(this.gradIn, y.shape, gradOut.dtype);
    this.gradIn = gradIn;
    this.derive(y.data, gradOut.data, gradIn.data, cols === 0 ? 0 : y.size / cols, cols);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    expectMinRank(this.name, 2, inputShape);
    return inputShape;
  }

  /** Softmax and LogSoftmax have no options: the config is the type alone. */
  toConfig(): C {
    return { type: this.name } as C;
  }
}
