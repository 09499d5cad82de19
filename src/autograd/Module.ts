import { ConfigError, KubikiError, ShapeError, formatShape } from '../errors';
import type { CustomLayerConfig, Layer, Param, StateTensor } from '../layers/Layer';
import type { Rng } from '../tensor/rng';
import { LayerBase } from '../layers/LayerBase';
import { reusingBuffers } from '../tensor/reuse';
import { Tensor, sameShape, type Shape } from '../tensor/Tensor';
import { BufferArena, withArena } from './buffers';
import { noGrad } from './tape';
import { Var } from './Var';

/** JSON-safe settings a Module passes to its base constructor; toConfig() returns them. */
export type ModuleConfig = Record<string, unknown>;

export interface ModuleOptions {
  /** The `type` in toConfig() and the layer's name (default: the class name). */
  type?: string;
}

/**
 * A layer written as its forward pass alone (Keras's custom layer with `call`, PyTorch's
 * nn.Module with autograd): `call` maps the input Var to the output Var with Var ops, and
 * forward/backward/paramGrads come from the tape.
 *
 *   class Swish extends Module {
 *     beta = this.param('beta', Tensor.from([1]));
 *     call(x: Var): Var { return x.mul(x.mul(this.beta).sigmoid()); }
 *   }
 *
 * `this.param(name, initial)` declares a Param under that name (in declaration order; it works
 * from a field initialiser) and returns the Var to use in `call`. forward records the ops,
 * backward runs them back once and frees them, and backwardParams skips dL/dx. outputShape runs
 * `call` on zeros of the input shape with a batch of 1 and no recording; an output whose first
 * dimension is 1 gets the input's batch back. toConfig() is `{ type, ...config }` with the config
 * given to the constructor; registerLayer makes such a type loadable.
 * `this.module(name, layer)` adds a sublayer (a Module, or any built-in layer with its hand-written
 * backward) and returns the function to call it with in `call`; its params are listed as
 * `name.param` (PyTorch's state_dict names), and train()/eval() and setRng reach it.
 * A float64 input promotes float32 parameters to float64 (values and gradients).
 * Inside fit the ops' tensors are reused from batch to batch (see tensor/reuse.ts).
 */
export abstract class Module extends LayerBase implements Layer {
  readonly name: string;
  private readonly params: Param[] = [];
  /** Params and sublayers in declaration order. */
  private readonly entries: ({ param: Param } | { name: string; layer: Layer })[] = [];
  private paramCache: readonly Param[] | undefined;
  private mode = true;
  /** Built-in sublayers called in the running forward (each caches one forward for its backward). */
  private readonly called = new Set<Layer>();
  private readonly config: ModuleConfig;
  private input: Var | undefined;
  private output: Var | undefined;
  private readonly forwardArena = new BufferArena();
  private readonly backwardArena = new BufferArena();

  constructor(config: ModuleConfig = {}, options: ModuleOptions = {}) {
    super();
    this.name = options.type ?? new.target.name;
    this.config = config;
  }

  /** The forward pass: the output for input `x` ([batch, …]), from Var ops. */
  abstract call(x: Var): Var;

  /** Set by train()/eval() of the model; passed on to the sublayers. */
  get training(): boolean {
    return this.mode;
  }

  set training(value: boolean) {
    this.mode = value;
    for (const entry of this.entries) if ('layer' in entry) entry.layer.training = value;
  }

  /** Declares a trainable parameter with its initial value; returns the Var to use in `call`. */
  protected param(name: string, initial: Tensor): Var {
    this.checkName('param', name);
    if (!(initial instanceof Tensor)) {
      throw new ConfigError(`${this.name}.param("${name}"): expected a Tensor as the initial value, got ${typeof initial}`);
    }
    const param: Param = { name, value: initial, grad: Tensor.zeros(initial.shape, initial.dtype) };
    this.params.push(param);
    this.entries.push({ param });
    this.paramCache = undefined;
    return Var.parameter(param);
  }

  /**
   * Adds a sublayer under `name`; returns the function that applies it in `call`. A Module runs
   * on the same tape; another layer is one node whose backward is its own backward (so it may be
   * called once per forward).
   */
  protected module(name: string, layer: Layer): (x: Var) => Var {
    this.checkName('module', name);
    if (typeof layer?.forward !== 'function' || typeof layer.paramGrads !== 'function') {
      throw new ConfigError(`${this.name}.module("${name}"): expected a layer, got ${typeof layer}`);
    }
    layer.training = this.mode;
    this.entries.push({ name, layer });
    this.paramCache = undefined;
    return (x: Var) => (layer instanceof Module ? layer.run(x) : this.through(name, layer, x));
  }

  forward(x: Tensor): Tensor {
    if (x.dtype === 'float64') this.promoteParams();
    const input = new Var(x, { requiresGrad: true });
    input.gradFromBuffers = true; // dL/dx is handed out like any layer's gradIn
    // Reuse only when the previous graph was consumed: a second forward before a backward (a
    // shared layer, predict) must not overwrite the first one's values.
    const reuse = reusingBuffers() && this.output === undefined;
    const output = withArena(reuse ? this.forwardArena : undefined, () => this.run(input));
    this.input = input;
    this.output = output;
    return output.value;
  }

  backward(gradOut: Tensor): Tensor {
    const input = this.backPropagate(gradOut, true);
    return input.grad ?? Tensor.zeros(input.shape, input.dtype);
  }

  /** Parameter gradients only: the input's gradient is not computed. */
  backwardParams(gradOut: Tensor): void {
    this.backPropagate(gradOut, false);
  }

  paramGrads(): readonly Param[] {
    this.paramCache ??= this.entries.flatMap((entry) =>
      'param' in entry
        ? [entry.param]
        : entry.layer.paramGrads().map((p) => ({ name: `${entry.name}.${p.name}`, value: p.value, grad: p.grad })),
    );
    return this.paramCache;
  }

  /** The sublayers' non-trainable state (BatchNorm's running statistics), as `name.buffer`. */
  buffers(): readonly StateTensor[] {
    return this.entries.flatMap((entry) =>
      'layer' in entry ? (entry.layer.buffers?.() ?? []).map((b) => ({ name: `${entry.name}.${b.name}`, value: b.value })) : [],
    );
  }

  setRng(rng: Rng): void {
    for (const entry of this.entries) if ('layer' in entry) entry.layer.setRng?.(rng);
  }

  outputShape(inputShape: Shape): Shape {
    const probe = Tensor.zeros(inputShape.length > 0 ? [1, ...inputShape.slice(1)] : [], this.params[0]?.value.dtype);
    const shape = noGrad(() => this.run(new Var(probe))).shape;
    return inputShape.length > 0 && shape.length > 0 && shape[0] === 1 ? [inputShape[0] as number, ...shape.slice(1)] : shape;
  }

  /** `{ type, ...config }`: the constructor's config under the layer's type (see registerLayer). */
  toConfig(): CustomLayerConfig {
    return { ...this.config, type: this.name };
  }

  /**
   * A float64 input turns float32 parameters (`this.param('beta', Tensor.from([1]))`) into float64,
   * values and gradients, as loading a float64 model file does: a float64 computation then
   * accumulates float64 gradients instead of rounding them to float32.
   */
  private promoteParams(): void {
    for (const p of this.paramGrads()) {
      if (p.value.data instanceof Float32Array) p.value.data = Float64Array.from(p.value.data);
      if (p.grad.data instanceof Float32Array) p.grad.data = Float64Array.from(p.grad.data);
    }
  }

  private checkName(what: string, name: string): void {
    const taken = this.entries.some((entry) => ('param' in entry ? entry.param.name : entry.name) === name);
    if (typeof name !== 'string' || name === '' || name.includes('.') || taken) {
      throw new ConfigError(`${this.name}.${what}: expected a new, non-empty name without ".", got ${JSON.stringify(name)}`);
    }
  }

  /** A built-in layer as one node of the tape: y = layer.forward(x), dx = layer.backward(dy). */
  private through(name: string, layer: Layer, x: Var): Var {
    if (this.called.has(layer)) {
      throw new KubikiError(
        `${this.name}.${name}: a ${layer.name} layer keeps one forward for its backward, so call it once per forward (or write it as a Module)`,
      );
    }
    this.called.add(layer);
    const y = layer.forward(x.value);
    const hasParams = layer.paramGrads().length > 0;
    return Var.record(y, [x], (g) => {
      if (x.requiresGrad) x.addGrad(layer.backward(g), false);
      else if (layer.backwardParams) layer.backwardParams(g);
      else layer.backward(g);
    }, hasParams);
  }

  private run(input: Var): Var {
    this.called.clear();
    const output = this.call(input);
    if (!(output instanceof Var)) {
      throw new KubikiError(`${this.name}.call: expected to return a Var, got ${output === undefined ? 'nothing' : typeof output}`);
    }
    return output;
  }

  private backPropagate(gradOut: Tensor, inputGrad: boolean): Var {
    const { input, output } = this;
    if (input === undefined || output === undefined) {
      throw new ShapeError(`${this.name}.backward: called before forward, or twice after one forward; run forward(x) first`);
    }
    if (!sameShape(gradOut.shape, output.shape)) {
      throw new ShapeError(`${this.name}.backward: expected gradOut of shape ${formatShape(output.shape)}, got ${formatShape(gradOut.shape)}`);
    }
    this.input = undefined;
    this.output = undefined; // the graph is freed once used
    input.requiresGrad = inputGrad;
    if (output.requiresGrad) {
      withArena(reusingBuffers() ? this.backwardArena : undefined, () => output.backward(gradOut));
    }
    return input;
  }
}
