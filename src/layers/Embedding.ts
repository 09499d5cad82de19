import { ConfigError, DataError, ShapeError, formatShape } from '../errors';
import { gatherRows, invalidIndex, scatterAddRowsExcept } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type DType, type Shape } from '../tensor/Tensor';
import { nonNegativeInt, positiveInt } from '../validate';
import { expectGradShape, expectMinRank, requireCache, type Layer, type Param } from './Layer';

export interface EmbeddingConfig {
  readonly type: 'Embedding';
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx?: number;
}

export interface EmbeddingOptions {
  /** The row for padding: initialised to zeros and never updated (it gets no gradient). */
  paddingIdx?: number;
  rng?: Rng;
  dtype?: DType;
}

/**
 * A lookup table, PyTorch's nn.Embedding: integer indices (stored in a float tensor) pick rows of
 * the table W: [numEmbeddings, embeddingDim]:
 *   Y[…, :] = W[X[…], :],    X: [batch, …] (integers 0..numEmbeddings−1) → Y: [batch, …, embeddingDim]
 * backward:
 *   dW[i, :] += Σ_{positions p with X[p] = i} dY[p, :]   (except i = paddingIdx: no gradient)
 *   dX = 0: indices are not differentiable (integerInput; gradCheck checks the table only)
 * Initialisation as PyTorch: W ~ N(0, 1), the paddingIdx row zeros.
 */
export class Embedding implements Layer {
  readonly name = 'Embedding';
  readonly integerInput = true;
  training = true;
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | undefined;
  readonly weight: Param;
  private input: Tensor | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    this.numEmbeddings = positiveInt('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = positiveInt('Embedding', 'embeddingDim', embeddingDim);
    if (options.paddingIdx !== undefined) {
      const pad = nonNegativeInt('Embedding', 'paddingIdx', options.paddingIdx);
      if (pad >= numEmbeddings) {
        throw new ConfigError(`Embedding: expected paddingIdx in 0..${numEmbeddings - 1}, got ${pad}`);
      }
    }
    this.paddingIdx = options.paddingIdx;
    const dtype = options.dtype ?? 'float32';
    const shape = [numEmbeddings, embeddingDim];
    const w = Tensor.randn(shape, options.rng ?? globalRng(), dtype);
    if (this.paddingIdx !== undefined) w.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    this.weight = { name: 'weight', value: w, grad: Tensor.zeros(shape, dtype) };
  }

  forward(x: Tensor): Tensor {
    expectMinRank('Embedding', 1, x.shape);
    const bad = invalidIndex(x.data, this.numEmbeddings);
    if (bad >= 0) {
      throw new DataError(
        `Embedding: expected indices to be integers in 0..${this.numEmbeddings - 1}, ` +
          `got ${x.data[bad] as number} at input${formatShape(positionOf(bad, x.shape))}`,
      );
    }
    const y = reuseOrZeros(this.output, [...x.shape, this.embeddingDim], this.weight.value.dtype);
    this.output = y;
    gatherRows(this.weight.value.data, this.embeddingDim, x.data, y.data);
    this.input = x;
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = this.accumulate(gradOut);
    const gradIn = reuseOrZeros(this.gradIn, x.shape, gradOut.dtype);
    this.gradIn = gradIn;
    gradIn.data.fill(0);
    return gradIn;
  }

  backwardParams(gradOut: Tensor): void {
    this.accumulate(gradOut);
  }

  private accumulate(gradOut: Tensor): Tensor {
    const x = requireCache(this.input, 'Embedding');
    expectGradShape('Embedding', [...x.shape, this.embeddingDim], gradOut.shape);
    scatterAddRowsExcept(gradOut.data, x.data, this.embeddingDim, this.paddingIdx ?? -1, this.weight.grad.data);
    return x;
  }

  paramGrads(): readonly Param[] {
    return [this.weight];
  }

  outputShape(inputShape: Shape): Shape {
    if (inputShape.length < 1) {
      throw new ShapeError(`Embedding: expected indices of shape [batch, …], got ${formatShape(inputShape)}`);
    }
    return [...inputShape, this.embeddingDim];
  }

  toConfig(): EmbeddingConfig {
    return {
      type: 'Embedding',
      numEmbeddings: this.numEmbeddings,
      embeddingDim: this.embeddingDim,
      // Present even when undefined: the JSON config check reads the keys toConfig() has.
      paddingIdx: this.paddingIdx,
    };
  }
}

/** The multi-index of flat offset `flat` in `shape`. */
function positionOf(flat: number, shape: Shape): number[] {
  const index: number[] = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const dim = shape[d] as number;
    index.unshift(rest % dim);
    rest = Math.floor(rest / dim);
  }
  return index;
}
