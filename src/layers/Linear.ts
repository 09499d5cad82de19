import { ShapeError, formatShape } from '../errors';
import { gemm, addRowVector, sumRows } from '../kernels';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type Shape } from '../tensor/Tensor';
import { boolean, oneOf, positiveInt } from '../validate';
import { initWeight, INITS, type Init } from './init';
import { expectGradShape, expectShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';

export interface LinearConfig {
  readonly type: 'Linear';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly bias?: boolean;
  readonly init?: Init;
}

export interface LinearOptions {
  bias?: boolean;
  init?: Init;
  rng?: Rng;
  dtype?: DType;
}

/**
 * Fully connected layer, in the X·W orientation of the backprop chapter and of Keras:
 *   Y = X·W + b,            X: [batch, in], W: [in, out], b: [out] → Y: [batch, out]
 * backward:
 *   dX = dY·Wᵀ,  dW += Xᵀ·dY,  db += Σ_batch dY
 * On [batch, …, in] (a sequence) it maps the last axis, as PyTorch and Keras do: the same formulas
 * on the rows of the [batch·…, in] view, giving [batch, …, out].
 */
export class Linear extends LayerBase implements Layer {
  readonly name = 'Linear';
  training = true;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly init: Init;
  readonly weight: Param;
  readonly bias: Param | undefined;
  private input: Tensor | undefined;
  /** Reused inside fit (see tensor/reuse.ts): the outputs of the last forward and backward. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(inputSize: number, outputSize: number, options: LinearOptions = {}) {
    super();
    this.inputSize = positiveInt('Linear', 'inputSize', inputSize);
    this.outputSize = positiveInt('Linear', 'outputSize', outputSize);
    this.init = oneOf('Linear', 'init', options.init ?? 'xavierUniform', INITS);
    const useBias = boolean('Linear', 'bias', options.bias ?? true);
    const dtype = options.dtype ?? 'float32';
    const w = initWeight(this.init, [inputSize, outputSize], inputSize, outputSize, options.rng, dtype);
    this.weight = { name: 'weight', value: w, grad: Tensor.zeros(w.shape, dtype) };
    this.bias = useBias
      ? { name: 'bias', value: Tensor.zeros([outputSize], dtype), grad: Tensor.zeros([outputSize], dtype) }
      : undefined;
  }

  forward(x: Tensor): Tensor {
    const outShape = this.outputShape(x.shape);
    const batch = x.size / this.inputSize;
    const y = reuseOrZeros(this.output, outShape, x.dtype);
    this.output = y;
    gemm(false, false, batch, this.outputSize, this.inputSize, 1, x.data, this.weight.value.data, 0, y.data);
    if (this.bias) addRowVector(y.data, this.bias.value.data, batch, this.outputSize);
    this.input = x;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = this.accumulateParamGrads(gradOut);
    const batch = x.size / this.inputSize;
    // dX = dY·Wᵀ  ([batch, out]·[out, in])
    const gradIn = reuseOrZeros(this.gradIn, x.shape, gradOut.dtype);
    this.gradIn = gradIn;
    gemm(false, true, batch, this.inputSize, this.outputSize, 1, gradOut.data, this.weight.value.data, 0, gradIn.data);
    return gradIn;
  }

  /** dW and db only: a first layer's dX is a third of its backward work and nobody reads it. */
  backwardParams(gradOut: Tensor): void {
    this.accumulateParamGrads(gradOut);
  }

  /** dW += Xᵀ·dY, db += Σ_batch dY; returns the cached X. */
  private accumulateParamGrads(gradOut: Tensor): Tensor {
    const x = requireCache(this.input, 'Linear');
    const batch = x.size / this.inputSize;
    expectGradShape('Linear', [...x.shape.slice(0, -1), this.outputSize], gradOut.shape);
    const { inputSize: n, outputSize: m } = this;
    // dW += Xᵀ·dY  ([in, batch]·[batch, out])
    gemm(true, false, n, m, batch, 1, x.data, gradOut.data, 1, this.weight.grad.data);
    if (this.bias) sumRows(gradOut.data, batch, m, this.bias.grad.data, 1);
    return x;
  }

  paramGrads(): readonly Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  outputShape(inputShape: Shape): Shape {
    if (inputShape.length > 2) {
      if (inputShape[inputShape.length - 1] !== this.inputSize) {
        throw new ShapeError(`Linear: expected input of shape [batch, …, ${this.inputSize}], got ${formatShape(inputShape)}`);
      }
      return [...inputShape.slice(0, -1), this.outputSize];
    }
    expectShape('Linear', [-1, this.inputSize], inputShape);
    return [inputShape[0] as number, this.outputSize];
  }

  toConfig(): LinearConfig {
    return {
      type: 'Linear',
      inputSize: this.inputSize,
      outputSize: this.outputSize,
      bias: this.bias !== undefined,
      init: this.init,
    };
  }
}
