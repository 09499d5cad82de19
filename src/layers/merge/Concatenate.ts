import { concatBlocks, splitBlocks } from '../../kernels';
import { reuseOrZeros } from '../../tensor/reuse';
import type { Shape, Tensor } from '../../tensor/Tensor';
import { expectGradShape, requireCache } from '../Layer';
import { checkAxis, concatShape } from './concatShape';
import { countInputs, MergeBase, type MergeLayer } from './MergeLayer';

export interface ConcatenateConfig {
  readonly type: 'Concatenate';
  readonly axis: number;
}

/**
 * Joins two or more inputs along `axis` (Keras's Concatenate, Torch7's JoinTable); the axis counts
 * the batch as 0, so 1 is the features of [batch, f] and the channels of NCHW, -1 the last axis:
 *   y = [x₀ | x₁ | …] along axis ;   backward: dxₖ = the slice of dy where xₖ went
 */
export class Concatenate extends MergeBase implements MergeLayer {
  readonly name = 'Concatenate';
  readonly axis: number;
  private cache: { shapes: Shape[]; outShape: Shape; outer: number; inners: number[] } | undefined;
  private output: Tensor | undefined;

  constructor(options: { axis?: number } = {}) {
    super();
    this.axis = checkAxis('Concatenate', options.axis ?? 1);
  }

  forward(inputs: readonly Tensor[]): Tensor {
    const shapes = inputs.map((x) => x.shape);
    countInputs('Concatenate', shapes.length, 2, Infinity);
    const { shape, outer, inners } = concatShape('Concatenate', shapes, this.axis);
    const y = reuseOrZeros(this.output, shape, (inputs[0] as Tensor).dtype);
    this.output = y;
    concatBlocks(inputs.map((x) => x.data), inners, outer, y.data);
    this.cache = { shapes, outShape: shape, outer, inners };
    return y;
  }

  backward(gradOut: Tensor): Tensor[] {
    const { shapes, outShape, outer, inners } = requireCache(this.cache, 'Concatenate');
    expectGradShape('Concatenate', outShape, gradOut.shape);
    const gradIns = shapes.map((shape, k) => this.gradFor(k, shape, gradOut.dtype));
    splitBlocks(gradOut.data, inners, outer, gradIns.map((g) => g.data));
    return gradIns;
  }

  outputShape(inputShapes: readonly Shape[], labels?: readonly string[]): Shape {
    countInputs('Concatenate', inputShapes.length, 2, Infinity);
    return concatShape('Concatenate', inputShapes, this.axis, labels).shape;
  }

  toConfig(): ConcatenateConfig {
    return { type: 'Concatenate', axis: this.axis };
  }
}
