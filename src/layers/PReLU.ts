import { ShapeError, formatShape } from '../errors';
import { preluBackward, preluForward } from '../kernels';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type Shape } from '../tensor/Tensor';
import { finiteNumber, positiveInt } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';

export interface PReLUOptions {
  /** 1 (one slope shared by every entry) or the number of channels C on axis 1. Default 1. */
  numParameters?: number;
  /** The initial slope. Default 0.25. */
  init?: number;
  dtype?: DType;
}

/** The options, declared once above, under the type name (dtype is the weights', saved with them). */
export type PReLUConfig = { readonly type: 'PReLU' } & Readonly<Omit<PReLUOptions, 'dtype'>>;

/**
 * Parametric ReLU (He et al. 2015), as PyTorch's nn.PReLU, with a learnable slope `weight`
 * [numParameters]: one shared slope, or one per channel on axis 1 of an input [batch, C, …]
 * (C = numParameters):
 *   y = max(0, x) + w[c]·min(0, x);
 * backward: dx = dy for x > 0, w[c]·dy otherwise;  dw[c] += Σ min(0, x)·dy over channel c.
 */
export class PReLU extends LayerBase implements Layer {
  readonly name = 'PReLU';
  training = true;
  readonly numParameters: number;
  readonly init: number;
  readonly weight: Param;
  private input: Tensor | undefined;
  /** Reused inside fit (see tensor/reuse.ts); the kernels write every entry. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(options: PReLUOptions = {}) {
    super();
    this.numParameters = positiveInt('PReLU', 'numParameters', options.numParameters ?? 1);
    this.init = finiteNumber('PReLU', 'init', options.init ?? 0.25);
    const dtype = options.dtype ?? 'float32';
    const slopes = Tensor.zeros([this.numParameters], dtype);
    slopes.data.fill(this.init);
    this.weight = { name: 'weight', value: slopes, grad: Tensor.zeros([this.numParameters], dtype) };
  }

  forward(x: Tensor): Tensor {
    const [channels, inner] = this.layout(x.shape);
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.output = y;
    preluForward(x.data, this.weight.value.data, channels, inner, y.data);
    this.input = x;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = requireCache(this.input, 'PReLU');
    expectGradShape('PReLU', x.shape, gradOut.shape);
    const [channels, inner] = this.layout(x.shape);
    const gradIn = reuseOrZeros(this.gradIn, x.shape, gradOut.dtype);
    this.gradIn = gradIn;
    preluBackward(x.data, this.weight.value.data, channels, inner, gradOut.data, gradIn.data, this.weight.grad.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [this.weight];
  }

  outputShape(inputShape: Shape): Shape {
    this.layout(inputShape);
    return inputShape;
  }

  toConfig(): PReLUConfig {
    return { type: 'PReLU', numParameters: this.numParameters, init: this.init };
  }

  /** [channels, entries per channel block]: the input seen as [outer, channels, inner]. */
  private layout(shape: Shape): [number, number] {
    const size = shape.reduce((a, b) => a * b, 1);
    if (this.numParameters === 1) return [1, size];
    if (shape.length < 2 || shape[1] !== this.numParameters) {
      throw new ShapeError(
        `PReLU: expected input [batch, ${this.numParameters}, …] (numParameters = ${this.numParameters} channels on axis 1), got ${formatShape(shape)}`,
      );
    }
    return [this.numParameters, shape.slice(2).reduce((a, b) => a * b, 1)];
  }
}
