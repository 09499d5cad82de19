import { ShapeError, formatShape } from '../errors';
import { backwardChild, forwardChild, inScope, Use, type UseScope } from '../graph/uses';
import { add } from '../kernels';
import type { Layer, Param, StateTensor } from '../layers/Layer';
import { LayerBase } from '../layers/LayerBase';
import type { MergeLayer } from '../layers/merge/MergeLayer';
import { nestError } from '../model/prefixError';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { childConfig, type ChildConfig } from './childConfig';

export interface ResidualConfig {
  readonly type: 'Residual';
  /** The block: a layer config, or an array of them (a Sequential). */
  readonly block: ChildConfig;
  readonly shortcut?: ChildConfig;
}

export interface ResidualOptions {
  /** Applied to x on the skip path (a 1×1 Conv2D or a Linear when the block changes the shape). */
  shortcut?: Layer;
}

/**
 * A residual connection (He et al. 2016; Torch7's ConcatTable + CAddTable):
 *   y = block(x) + shortcut(x)        (shortcut(x) = x when there is none)
 * backward: dx = block′ᵀ(dy) + shortcut′ᵀ(dy)   (dy itself on an identity shortcut)
 * Parameters are named "block.…" and "shortcut.…" (PyTorch's state_dict of such a module).
 */
export class Residual extends LayerBase implements Layer, UseScope {
  readonly name = 'Residual';
  readonly block: Layer;
  readonly shortcut: Layer | undefined;
  sharedLayers: ReadonlySet<Layer | MergeLayer> = new Set();
  rng: Rng | undefined;
  private mode = true;
  private readonly uses = [new Use(), new Use()] as const;
  private inputShape: Shape | undefined;
  /** Reused inside fit (see tensor/reuse.ts). */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(block: Layer, options: ResidualOptions = {}) {
    super();
    this.block = block;
    this.shortcut = options.shortcut;
  }

  get training(): boolean {
    return this.mode;
  }

  set training(training: boolean) {
    this.mode = training;
    for (const layer of this.sublayers()) layer.training = training;
  }

  sublayers(): readonly Layer[] {
    return this.shortcut ? [this.block, this.shortcut] : [this.block];
  }

  forward(x: Tensor): Tensor {
    return inScope(this, true, () => {
      const main = inChild('block', this.block, () => forwardChild(this.block, x, this.uses[0]));
      const skip = this.shortcut ? inChild('shortcut', this.shortcut, () => forwardChild(this.shortcut as Layer, x, this.uses[1])) : x;
      this.checkShapes(main.shape, skip.shape);
      const y = reuseOrZeros(this.output, main.shape, main.dtype);
      this.output = y;
      add(main.data, skip.data, y.data);
      this.inputShape = x.shape;
      return y;
    });
  }

  backward(gradOut: Tensor): Tensor {
    return inScope(this, false, () => {
      const inputShape = this.requireForward();
      const main = inChild('block', this.block, () => backwardChild(this.block, gradOut, this.uses[0]) as Tensor);
      const skip = this.shortcut
        ? inChild('shortcut', this.shortcut, () => backwardChild(this.shortcut as Layer, gradOut, this.uses[1]) as Tensor)
        : gradOut;
      const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
      this.gradIn = gradIn;
      add(main.data, skip.data, gradIn.data);
      return gradIn;
    });
  }

  /** Parameter gradients only (nobody reads dx): each path stops at its own first layer with parameters. */
  backwardParams(gradOut: Tensor): void {
    inScope(this, false, () => {
      this.requireForward();
      inChild('block', this.block, () => backwardChild(this.block, gradOut, this.uses[0], true));
      if (this.shortcut) inChild('shortcut', this.shortcut, () => backwardChild(this.shortcut as Layer, gradOut, this.uses[1], true));
    });
  }

  paramGrads(): readonly Param[] {
    return this.named((layer) => layer.paramGrads()) as Param[];
  }

  buffers(): readonly StateTensor[] {
    return this.named((layer) => layer.buffers?.() ?? []);
  }

  setRng(rng: Rng): void {
    this.rng = rng;
    for (const layer of this.sublayers()) layer.setRng?.(rng);
  }

  outputShape(inputShape: Shape): Shape {
    const main = inChild('block', this.block, () => this.block.outputShape(inputShape));
    const skip = this.shortcut ? inChild('shortcut', this.shortcut, () => (this.shortcut as Layer).outputShape(inputShape)) : inputShape;
    this.checkShapes(main, skip);
    return main;
  }

  toConfig(): ResidualConfig {
    return this.shortcut
      ? { type: 'Residual', block: childConfig(this.block), shortcut: childConfig(this.shortcut) }
      : { type: 'Residual', block: childConfig(this.block) };
  }

  private named<T extends { name: string }>(list: (layer: Layer) => readonly T[]): T[] {
    const prefixed = (prefix: string, layer: Layer): T[] => list(layer).map((t) => ({ ...t, name: `${prefix}.${t.name}` }));
    return [...prefixed('block', this.block), ...(this.shortcut ? prefixed('shortcut', this.shortcut) : [])];
  }

  private checkShapes(main: Shape, skip: Shape): void {
    if (main.length !== skip.length || main.some((d, i) => d !== skip[i])) {
      throw new ShapeError(
        `Residual: expected block(x) and ${this.shortcut ? 'shortcut(x)' : 'x'} of one shape to add them, got ${formatShape(main)} and ${formatShape(skip)}; ` +
          (this.shortcut ? 'change the shortcut' : 'give a shortcut (e.g. a 1×1 Conv2D or a Linear) that maps x to the block’s output shape'),
      );
    }
  }

  private requireForward(): Shape {
    if (this.inputShape === undefined) throw new ShapeError('Residual.backward: called before forward; run forward(x) first');
    return this.inputShape;
  }
}

/** Runs `fn` for a child, prefixing an error with `block (Linear): `. */
export function inChild<T>(where: string, layer: Layer, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw nestError(error, `${where} (${layer.name})`);
  }
}
