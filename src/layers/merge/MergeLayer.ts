import { ShapeError, formatShape } from '../../errors';
import { apply, type ApplyOptions } from '../../graph/apply';
import type { SymbolicTensor } from '../../graph/SymbolicTensor';
import type { Rng } from '../../tensor/rng';
import type { Shape, Tensor } from '../../tensor/Tensor';
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

  paramGrads(): readonly Param[] {
    return [];
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
