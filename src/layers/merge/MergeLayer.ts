import { ShapeError, formatShape } from '../../errors';
import { apply, type ApplyOptions } from '../../graph/apply';
import type { SymbolicTensor } from '../../graph/SymbolicTensor';
import type { Rng } from '../../tensor/rng';
import { reuseOrZeros } from '../../tensor/reuse';
import type { DType, FloatArray, Shape, Tensor } from '../../tensor/Tensor';
import type { Param, StateTensor } from '../Layer';
import type { MergeConfig } from './MergeConfig';

/**
 * A block with several inputs and one output (Keras's merge layers, Torch7's CAddTable): it stands
 * in functional graphs only (`Add().apply([a, b])`, a Model node with several inputs). Same contract
 * as Layer otherwise: backward returns dL/d(each input) and caches one forward.
 */
export interface MergeLayer {
  readonly name: string;
  /** Tells merge layers from one-input layers. */
  readonly merge: true;
  training: boolean;
  forward(inputs: readonly Tensor[]): Tensor;
  backward(gradOut: Tensor): Tensor[];
  paramGrads(): readonly Param[];
  /** Output shape for the inputs' shapes ([batch, …] each); `labels` name the inputs in errors. */
  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape;
  toConfig(): MergeConfig;
  buffers?(): readonly StateTensor[];
  setRng?(rng: Rng): void;
  apply(inputs: readonly SymbolicTensor[], options?: ApplyOptions): SymbolicTensor;
}

export function isMergeLayer(layer: object): layer is MergeLayer {
  return (layer as { merge?: unknown }).merge === true;
}

/** The common part: apply, no parameters, and the "same shape" check of the elementwise merges. */
export abstract class MergeBase {
  readonly merge = true as const;
  training = true;

  abstract readonly name: string;

  apply(inputs: readonly SymbolicTensor[], options?: ApplyOptions): SymbolicTensor {
    return apply(this as unknown as MergeLayer, inputs, options);
  }

  /** The last forward's output and the inputs' gradients, reused from batch to batch inside fit. */
  private merged: Tensor | undefined;
  private readonly mergedGrads: (Tensor | undefined)[] = [];

  abstract outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape;

  paramGrads(): readonly Param[] {
    return [];
  }

  /** This forward's output tensor for `inputs` (shapes checked by outputShape; reused when it fits). */
  protected outputFor(inputs: readonly Tensor[]): Tensor {
    const shape = this.outputShape(inputs.map((x) => x.shape));
    this.merged = reuseOrZeros(this.merged, shape, (inputs[0] as Tensor).dtype);
    return this.merged;
  }

  /** The tensor for dL/d(input k) (reused like the output). */
  protected gradFor(k: number, shape: Shape, dtype: DType): Tensor {
    const grad = reuseOrZeros(this.mergedGrads[k], shape, dtype);
    this.mergedGrads[k] = grad;
    return grad;
  }

  /** y = x₀ ∘ x₁ ∘ … elementwise, for a kernel `op(a, b, out)` such as add or mul. */
  protected fold(inputs: readonly Tensor[], y: Tensor, op: (a: FloatArray, b: FloatArray, out: FloatArray) => void): Tensor {
    y.data.set((inputs[0] as Tensor).data);
    for (let k = 1; k < inputs.length; k++) op(y.data, (inputs[k] as Tensor).data, y.data);
    return y;
  }

  /** Throws unless there are `min`..`max` inputs, all of one shape (names both mismatching inputs). */
  protected sameShapes(inputShapes: readonly Shape[], labels: readonly string[] | undefined, min = 2, max = Infinity): Shape {
    countInputs(this.name, inputShapes.length, min, max);
    const first = inputShapes[0] as Shape;
    inputShapes.forEach((shape, i) => {
      if (shape.length !== first.length || shape.some((d, k) => d !== first[k])) {
        throw new ShapeError(
          `${this.name}: expected inputs of one shape, got ${label(labels, 0, first)} and ${label(labels, i, shape)}`,
        );
      }
    });
    return first;
  }
}

export function countInputs(where: string, count: number, min: number, max: number): void {
  if (count < min || count > max) {
    const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new ShapeError(`${where}: expected ${wanted} inputs, got ${count}`);
  }
}

/** "inputs[1] (dense_2 [batch, 4])" or "inputs[1] [batch, 4]". */
export function label(labels: readonly string[] | undefined, index: number, shape: Shape): string {
  const described = labels?.[index];
  return described ? `inputs[${index}] (${described})` : `inputs[${index}] ${formatShape(shape)}`;
}
