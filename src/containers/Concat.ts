import { ConfigError, ShapeError } from '../errors';
import { backwardChild, forwardChild, inScope, Use, type UseScope } from '../graph/uses';
import { add, concatBlocks, splitBlocks } from '../kernels';
import type { Layer, Param, StateTensor } from '../layers/Layer';
import { LayerBase } from '../layers/LayerBase';
import { checkAxis, concatShape } from '../layers/merge/concatShape';
import type { MergeLayer } from '../layers/merge/MergeLayer';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { childConfig, type ChildConfig } from './childConfig';
import { inChild } from './Residual';

export interface ConcatConfig {
  readonly type: 'Concat';
  /** Each branch: a layer config, or an array of them (a Sequential). */
  readonly branches: readonly ChildConfig[];
  readonly axis?: number;
}

export interface ConcatOptions {
  /** The axis the branch outputs are joined along, the batch being 0: 1 = features / channels. */
  axis?: number;
}

/**
 * Parallel branches on one input, joined (Torch7's nn.Concat, an Inception block):
 *   y = [branch₀(x) | branch₁(x) | …] along axis
 * backward: dx = Σₖ branchₖ′ᵀ(dy restricted to branch k's slice)
 * Branch k's parameters are named "k.…" (a PyTorch ModuleList inside the module).
 */
export class Concat extends LayerBase implements Layer, UseScope {
  readonly name = 'Concat';
  readonly branches: readonly Layer[];
  readonly axis: number;
  sharedLayers: ReadonlySet<Layer | MergeLayer> = new Set();
  rng: Rng | undefined;
  private mode = true;
  private readonly uses: Use[];
  private cache: { inputShape: Shape; outShape: Shape; outer: number; inners: number[]; shapes: Shape[] } | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;
  private branchGrads: Tensor[] = [];

  constructor(branches: readonly Layer[], options: ConcatOptions = {}) {
    super();
    if (!Array.isArray(branches) || branches.length === 0) {
      throw new ConfigError(`Concat: branches: expected a non-empty array of layers, got ${JSON.stringify(branches)}`);
    }
    this.branches = [...branches];
    this.axis = checkAxis('Concat', options.axis ?? 1);
    this.uses = this.branches.map(() => new Use());
  }

  get training(): boolean {
    return this.mode;
  }

  set training(training: boolean) {
    this.mode = training;
    for (const layer of this.branches) layer.training = training;
  }

  sublayers(): readonly Layer[] {
    return this.branches;
  }

  forward(x: Tensor): Tensor {
    return inScope(this, true, () => {
      const outs = this.branches.map((branch, k) => inChild(`branches[${k}]`, branch, () => forwardChild(branch, x, this.uses[k] as Use)));
      const shapes = outs.map((y) => y.shape);
      const { shape, outer, inners } = concatShape('Concat', shapes, this.axis, this.labels(shapes));
      const y = reuseOrZeros(this.output, shape, x.dtype);
      this.output = y;
      concatBlocks(outs.map((t) => t.data), inners, outer, y.data);
      this.cache = { inputShape: x.shape, outShape: shape, outer, inners, shapes };
      return y;
    });
  }

  backward(gradOut: Tensor): Tensor {
    return inScope(this, false, () => {
      const slices = this.split(gradOut);
      const { inputShape } = this.cache as NonNullable<Concat['cache']>;
      const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
      this.gradIn = gradIn;
      this.branches.forEach((branch, k) => {
        const grad = inChild(`branches[${k}]`, branch, () => backwardChild(branch, slices[k] as Tensor, this.uses[k] as Use) as Tensor);
        if (k === 0) gradIn.data.set(grad.data);
        else add(gradIn.data, grad.data, gradIn.data);
      });
      return gradIn;
    });
  }

  backwardParams(gradOut: Tensor): void {
    inScope(this, false, () => {
      const slices = this.split(gradOut);
      this.branches.forEach((branch, k) =>
        inChild(`branches[${k}]`, branch, () => backwardChild(branch, slices[k] as Tensor, this.uses[k] as Use, true)),
      );
    });
  }

  paramGrads(): readonly Param[] {
    return this.branches.flatMap((b, k) => b.paramGrads().map((p) => ({ ...p, name: `${k}.${p.name}` })));
  }

  buffers(): readonly StateTensor[] {
    return this.branches.flatMap((b, k) => (b.buffers?.() ?? []).map((t) => ({ ...t, name: `${k}.${t.name}` })));
  }

  setRng(rng: Rng): void {
    this.rng = rng;
    for (const layer of this.branches) layer.setRng?.(rng);
  }

  outputShape(inputShape: Shape): Shape {
    const shapes = this.branches.map((b, k) => inChild(`branches[${k}]`, b, () => b.outputShape(inputShape)));
    return concatShape('Concat', shapes, this.axis, this.labels(shapes)).shape;
  }

  toConfig(): ConcatConfig {
    return { type: 'Concat', branches: this.branches.map(childConfig), axis: this.axis };
  }

  /** dy cut into each branch's slice (own buffers, reused inside fit). */
  private split(gradOut: Tensor): Tensor[] {
    if (!this.cache) throw new ConfigError('Concat.backward: called before forward; run forward(x) first');
    const { outShape, outer, inners, shapes } = this.cache;
    if (gradOut.shape.length !== outShape.length || gradOut.shape.some((d, i) => d !== outShape[i])) {
      throw new ShapeError(`Concat.backward: expected gradOut of shape [${outShape.join(', ')}], got [${gradOut.shape.join(', ')}]`);
    }
    const slices = shapes.map((shape, k) => {
      this.branchGrads[k] = reuseOrZeros(this.branchGrads[k], shape, gradOut.dtype);
      return this.branchGrads[k] as Tensor;
    });
    splitBlocks(gradOut.data, inners, outer, slices.map((s) => s.data));
    return slices;
  }

  private labels(shapes: readonly Shape[]): string[] {
    return shapes.map((shape, k) => `branches[${k}] (${(this.branches[k] as Layer).name}) [batch, ${shape.slice(1).join(', ')}]`);
  }
}
