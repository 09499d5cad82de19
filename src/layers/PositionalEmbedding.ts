import { ShapeError, formatShape } from '../errors';
import { addPositions, sumPositions } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type Shape } from '../tensor/Tensor';
import { positiveInt } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { expectSequence } from './sequenceShape';

export interface PositionalEmbeddingConfig {
  readonly type: 'PositionalEmbedding';
  readonly maxLength: number;
  readonly dim: number;
}

export interface PositionalEmbeddingOptions {
  rng?: Rng;
  dtype?: DType;
}

/**
 * A learned position table added to every sequence (GPT / BERT style), so attention, which is blind
 * to order, can tell the steps apart:
 *   Y[b, t, :] = X[b, t, :] + P[t, :],   X: [batch, time, dim] (time ≤ maxLength), P = weight [maxLength, dim]
 * backward: dX = dY,  dP[t, :] += Σ_b dY[b, t, :] (rows t ≥ time get nothing)
 * Initialisation as nn.Embedding: P ~ N(0, 1).
 */
export class PositionalEmbedding implements Layer {
  readonly name = 'PositionalEmbedding';
  training = true;
  readonly maxLength: number;
  readonly dim: number;
  readonly weight: Param;
  private inputShape: Shape | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(maxLength: number, dim: number, options: PositionalEmbeddingOptions = {}) {
    this.maxLength = positiveInt('PositionalEmbedding', 'maxLength', maxLength);
    this.dim = positiveInt('PositionalEmbedding', 'dim', dim);
    const dtype = options.dtype ?? 'float32';
    const shape = [maxLength, dim];
    this.weight = { name: 'weight', value: Tensor.randn(shape, options.rng ?? globalRng(), dtype), grad: Tensor.zeros(shape, dtype) };
  }

  forward(x: Tensor): Tensor {
    const [batch, time] = this.check(x.shape);
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.output = y;
    addPositions(x.data, this.weight.value.data, batch, time, this.dim, y.data);
    this.inputShape = x.shape;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    this.backwardParams(gradOut);
    const gradIn = reuseOrZeros(this.gradIn, gradOut.shape, gradOut.dtype);
    this.gradIn = gradIn;
    gradIn.data.set(gradOut.data);
    return gradIn;
  }

  backwardParams(gradOut: Tensor): void {
    const shape = requireCache(this.inputShape, 'PositionalEmbedding');
    expectGradShape('PositionalEmbedding', shape, gradOut.shape);
    const [batch, time] = shape as [number, number];
    sumPositions(gradOut.data, batch, time, this.dim, this.weight.grad.data);
  }

  paramGrads(): readonly Param[] {
    return [this.weight];
  }

  outputShape(inputShape: Shape): Shape {
    this.check(inputShape);
    return inputShape;
  }

  private check(shape: Shape): [number, number, number] {
    const checked = expectSequence('PositionalEmbedding', shape, this.dim);
    if (checked[1] > this.maxLength) {
      throw new ShapeError(
        `PositionalEmbedding: expected at most maxLength = ${this.maxLength} steps, got ${checked[1]} in ${formatShape(shape)}`,
      );
    }
    return checked;
  }

  toConfig(): PositionalEmbeddingConfig {
    return { type: 'PositionalEmbedding', maxLength: this.maxLength, dim: this.dim };
  }
}
