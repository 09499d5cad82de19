import { ShapeError, formatShape } from '../errors';
import type { Rng } from '../tensor/rng';
import type { Shape, Tensor } from '../tensor/Tensor';
import type { LayerConfig } from './LayerConfig';

import type { Param, StateTensor } from '../tensor/Param';

/**
 * The config of a user layer type (see registerLayer): JSON-safe, with the registered type name.
 * Built-in layers return their own LayerConfig; a user class returns one of these, no cast needed.
 */
export interface CustomLayerConfig {
  readonly type: string;
  readonly [key: string]: unknown;
}

// Param and StateTensor live with the tensor (optimizers use them without knowing layers).
export type { Param, StateTensor };

/**
 * The block every network is built from. A layer turns its input into its output (`forward`) and
 * the gradient of the loss with respect to its output into the gradient with respect to its input
 * (`backward`), adding the gradients of its own parameters into `Param.grad` on the way.
 * Gradients accumulate (Torch7 / PyTorch convention); `zeroGrad` on the model clears them.
 */
export interface Layer {
  /** The class name ("Linear"), used in errors and summaries. */
  readonly name: string;
  /** Set by model.train() / model.eval(); Dropout and BatchNorm behave differently. */
  training: boolean;
  /**
   * True for a layer whose input holds integer indices (Embedding): the input is not
   * differentiable, backward returns zeros for it, and gradCheck does not perturb it.
   */
  readonly integerInput?: boolean;
  /** Computes the output and caches what backward needs. */
  forward(x: Tensor): Tensor;
  /** Returns dL/dx for the last forward and ADDS dL/dθ into each Param.grad. */
  backward(gradOut: Tensor): Tensor;
  /**
   * Optional: backward for a layer whose dL/dx nobody needs (the first layer with parameters in a
   * training step). Adds the parameter gradients exactly as backward does, skips computing dL/dx.
   */
  backwardParams?(gradOut: Tensor): void;
  /** The layer's parameters ([] for layers without any). */
  paramGrads(): readonly Param[];
  /** Shape inference: the output shape for an input shape ([batch, …]); throws ShapeError. */
  outputShape(inputShape: Shape): Shape;
  /**
   * A JSON-safe config that buildLayer() turns back into an equal layer (weights aside): a
   * built-in type's LayerConfig, or a registered type's `{ type, … }` (see registerLayer).
   */
  toConfig(): LayerConfig | CustomLayerConfig;
  /** Non-trainable state saved with the weights (running statistics); absent means none. */
  buffers?(): readonly StateTensor[];
  /** Layers that draw random numbers while training (Dropout) take their generator from here. */
  setRng?(rng: Rng): void;
}

/** The cached forward value backward needs, or a clear error when backward comes first. */
export function requireCache<T>(cache: T | undefined, layer: string): T {
  if (cache === undefined) {
    throw new ShapeError(`${layer}.backward: called before forward; run forward(x) first`);
  }
  return cache;
}

/** Throws unless `actual` equals `expected`; -1 in `expected` matches any size (the batch). */
export function expectShape(where: string, expected: Shape, actual: Shape, what = 'input'): void {
  const ok = expected.length === actual.length && expected.every((dim, i) => dim === -1 || dim === actual[i]);
  if (!ok) {
    const wanted = `[${expected.map((d) => (d === -1 ? 'batch' : String(d))).join(', ')}]`;
    throw new ShapeError(`${where}: expected ${what} of shape ${wanted}, got ${formatShape(actual)}`);
  }
}

/** Throws unless gradOut has the shape of the output that forward produced. */
export function expectGradShape(where: string, output: Shape, gradOut: Shape): void {
  expectShape(`${where}.backward`, output, gradOut, 'gradOut');
}

/** Throws unless the shape has at least `rank` dimensions. */
export function expectMinRank(where: string, rank: number, actual: Shape, what = 'input'): void {
  if (actual.length < rank) {
    throw new ShapeError(`${where}: expected ${what} with at least ${rank} dimensions, got ${formatShape(actual)}`);
  }
}
