import { ConfigError } from '../errors';
import { backwardChild, forwardChild, inScope, Use, type UseScope } from '../graph/uses';
import type { CustomLayerConfig, Layer, Param, StateTensor } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import { LayerBase } from '../layers/LayerBase';
import type { Rng } from '../tensor/rng';
import type { Shape, Tensor } from '../tensor/Tensor';
import { evaluate, predict, type EvaluateOptions, type EvaluateResult } from './evaluate';
import { fit, fitAsync, type FitOptions, type History } from './fit';
import type { MergeLayer } from '../layers/merge/MergeLayer';
import { modelFromJSON, modelToJSON, type ModelDocument } from './serialize';
import { nestError } from './prefixError';
import { formatSummary } from './summary';

/**
 * A stack of layers applied in order (Torch7's nn.Sequential, Keras's Sequential):
 *   forward:  y = fₙ(… f₁(f₀(x)))
 *   backward: dx = f₀′ᵀ(f₁′ᵀ(… fₙ′ᵀ(dy)))   — each layer adds its own dL/dθ on the way.
 * Parameters are named like PyTorch's state_dict, `${index}.${name}` ("0.weight"), and a layer's
 * error is re-thrown as `layers[2] (Linear): …` with the same error class.
 *
 * A Sequential is itself a Layer (Torch7's containers): it nests in another Sequential, a Residual,
 * a Concat or a graph Model, and its parameter names nest ("2.block.0.weight"). A layer instance
 * that occurs twice shares its parameters; both uses add into its Param.grad (see graph/uses.ts).
 */
export interface SequentialConfig {
  readonly type: 'Sequential';
  readonly layers: readonly (LayerConfig | CustomLayerConfig)[];
}

export class Sequential extends LayerBase implements Layer, UseScope {
  readonly name = 'Sequential';
  /** Free JSON stored in the model file (class names, normalisation statistics, …). */
  metadata: Record<string, unknown> = {};
  private readonly stack: Layer[] = [];
  private mode = true;
  private paramCache: readonly Param[] | undefined;
  private bufferCache: readonly StateTensor[] | undefined;
  private firstWithParams: number | undefined;
  private readonly uses: Use[] = [];
  /** Set by the outermost container's forward (graph/uses.ts). */
  sharedLayers: ReadonlySet<Layer | MergeLayer> = new Set();
  rng: Rng | undefined;

  constructor(layers: readonly Layer[] = []) {
    super();
    for (const layer of layers) this.add(layer);
  }

  get layers(): readonly Layer[] {
    return this.stack;
  }

  /** True when the first layer reads integer indices (an Embedding): see Layer.integerInput. */
  get integerInput(): boolean {
    return this.stack[0]?.integerInput === true;
  }

  /** True after train() (the default), false after eval(). */
  get training(): boolean {
    return this.mode;
  }

  set training(training: boolean) {
    this.setMode(training);
  }

  /** The layers, for the shared-layer bookkeeping of graph/uses.ts. */
  sublayers(): readonly Layer[] {
    return this.stack;
  }

  add(layer: Layer): this {
    checkLayer(layer, this.stack.length);
    layer.training = this.mode;
    this.stack.push(layer);
    this.uses.push(new Use());
    this.paramCache = undefined;
    this.bufferCache = undefined;
    this.firstWithParams = undefined;
    return this;
  }

  forward(x: Tensor): Tensor {
    return inScope(this, true, () => {
      let y = x;
      for (let i = 0; i < this.stack.length; i++) {
        const layer = this.stack[i] as Layer;
        y = this.inLayer(i, () => forwardChild(layer, y, this.uses[i] as Use));
      }
      return y;
    });
  }

  backward(gradOut: Tensor): Tensor {
    return inScope(this, false, () => {
      let grad = gradOut;
      for (let i = this.stack.length - 1; i >= 0; i--) {
        const layer = this.stack[i] as Layer;
        grad = this.inLayer(i, () => backwardChild(layer, grad, this.uses[i] as Use) as Tensor);
      }
      return grad;
    });
  }

  /**
   * Backward for a training step, where nobody reads dL/d(input): stops at the first layer with
   * parameters and lets it skip its own dL/dx (Layer.backwardParams). The parameter gradients are
   * exactly backward's; layers in front of that one do no work at all.
   */
  backwardParams(gradOut: Tensor): void {
    this.firstWithParams ??= this.stack.findIndex((layer) => layer.paramGrads().length > 0);
    const first = this.firstWithParams;
    if (first < 0) return;
    inScope(this, false, () => {
      let grad = gradOut;
      for (let i = this.stack.length - 1; i > first; i--) {
        const layer = this.stack[i] as Layer;
        grad = this.inLayer(i, () => backwardChild(layer, grad, this.uses[i] as Use) as Tensor);
      }
      const layer = this.stack[first] as Layer;
      this.inLayer(first, () => backwardChild(layer, grad, this.uses[first] as Use, true));
    });
  }

  /** Shape inference through every layer; `inputShape` includes the batch dimension. */
  outputShape(inputShape: Shape): Shape {
    let shape = inputShape;
    this.stack.forEach((layer, i) => {
      shape = this.inLayer(i, () => layer.outputShape(shape));
    });
    return shape;
  }

  /** Every layer's parameters, renamed `${index}.${name}`; the same tensors, built once. */
  paramGrads(): readonly Param[] {
    this.paramCache ??= this.stack.flatMap((layer, i) =>
      layer.paramGrads().map((p) => ({ name: `${i}.${p.name}`, value: p.value, grad: p.grad })),
    );
    return this.paramCache;
  }

  /** Every layer's non-trainable state, renamed `${index}.${name}`. */
  buffers(): readonly StateTensor[] {
    this.bufferCache ??= this.stack.flatMap((layer, i) =>
      (layer.buffers?.() ?? []).map((b) => ({ name: `${i}.${b.name}`, value: b.value })),
    );
    return this.bufferCache;
  }

  zeroGrad(): void {
    for (const p of this.paramGrads()) p.grad.data.fill(0);
  }

  train(): this {
    return this.setMode(true);
  }

  eval(): this {
    return this.setMode(false);
  }

  /** Hands `rng` to every layer that draws random numbers (Dropout). */
  setRng(rng: Rng): void {
    this.rng = rng;
    for (const layer of this.stack) layer.setRng?.(rng);
  }

  /**
   * The layer table: index, layer, output shape, parameter count, totals. `inputShape` is the shape
   * of ONE sample, without the batch (Keras's input_shape, the CLI's `model.inputShape`); when
   * omitted it is taken from the first layer's `inputSize`, if it has one.
   */
  summary(inputShape?: Shape): string {
    return formatSummary(this, inputShape);
  }

  fit(x: Tensor, y: Tensor, options: FitOptions): History {
    return fit(this, x, y, options);
  }

  /**
   * fit with a turn of the event loop after every batch, for pages (the page keeps drawing and
   * answering) and servers; the same arguments and History, the same weights for the same seed.
   */
  fitAsync(x: Tensor, y: Tensor, options: FitOptions): Promise<History> {
    return fitAsync(this, x, y, options);
  }

  evaluate(x: Tensor, y: Tensor, options: EvaluateOptions): EvaluateResult {
    return evaluate(this, x, y, options);
  }

  /** The outputs for `x` in eval mode (the previous mode is restored). */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    return predict(this, x, options) as Tensor;
  }

  /** `{ type: 'Sequential', layers: [...] }`: what buildLayer turns back into an equal Sequential. */
  toConfig(): SequentialConfig {
    return { type: 'Sequential', layers: this.stack.map((layer) => layer.toConfig()) };
  }

  toJSON(): ModelDocument {
    return modelToJSON(this);
  }

  /** Rebuilds a model from toJSON()'s document, checking everything (DataError names the path). */
  static fromJSON(document: unknown, where = 'model'): Sequential {
    return modelFromJSON(document, where);
  }

  private setMode(training: boolean): this {
    this.mode = training;
    for (const layer of this.stack) layer.training = training;
    return this;
  }

  /** Runs `fn` for layer `index`, prefixing any error with `layers[i] (Name): `, same class. */
  private inLayer<T>(index: number, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw nestError(error, `layers[${index}] (${(this.stack[index] as Layer).name})`);
    }
  }
}

/** A layer is an object with the Layer methods; anything else is refused before it breaks a forward pass. */
function checkLayer(layer: unknown, index: number): void {
  const methods = ['forward', 'backward', 'paramGrads', 'outputShape', 'toConfig'] as const;
  const candidate = layer as Record<string, unknown> | null;
  const missing = typeof candidate === 'object' && candidate !== null ? methods.filter((m) => typeof candidate[m] !== 'function') : methods;
  if (missing.length === 0) return;
  const got =
    typeof candidate === 'object' && candidate !== null
      ? `an object without ${missing.join(', ')}`
      : candidate === undefined ? 'undefined' : JSON.stringify(candidate);
  throw new ConfigError(
    `Sequential: layers[${index}]: expected a layer (e.g. new Linear(4, 8), or buildLayer({ type: "Linear", … })), got ${got}`,
  );
}
