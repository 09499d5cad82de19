import { ConfigError, KubikiError, ShapeError, formatShape } from '../errors';
import type { Layer, Param } from '../layers/Layer';
import { LayerBase } from '../layers/LayerBase';
import type { LayerConfig } from '../layers/LayerConfig';
import { reusingBuffers } from '../tensor/reuse';
import { Tensor, sameShape, type Shape } from '../tensor/Tensor';
import { BufferArena, withArena } from './buffers';
import { Var, noGrad } from './Var';

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
 * Inside fit the ops' tensors are reused from batch to batch (see tensor/reuse.ts).
 */
export abstract class Module extends LayerBase implements Layer {
  readonly name: string;
  training = true;
  private readonly params: Param[] = [];
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

  /** Declares a trainable parameter with its initial value; returns the Var to use in `call`. */
  protected param(name: string, initial: Tensor): Var {
    if (typeof name !== 'string' || name === '' || this.params.some((p) => p.name === name)) {
      throw new ConfigError(`${this.name}.param: expected a new, non-empty parameter name, got ${JSON.stringify(name)}`);
    }
    if (!(initial instanceof Tensor)) {
      throw new ConfigError(`${this.name}.param("${name}"): expected a Tensor as the initial value, got ${typeof initial}`);
    }
    const param: Param = { name, value: initial, grad: Tensor.zeros(initial.shape, initial.dtype) };
    this.params.push(param);
    return Var.parameter(param);
  }

  forward(x: Tensor): Tensor {
    const input = new Var(x, { requiresGrad: true });
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
    return this.params;
  }

  outputShape(inputShape: Shape): Shape {
    const probe = Tensor.zeros(inputShape.length > 0 ? [1, ...inputShape.slice(1)] : [], this.params[0]?.value.dtype);
    const shape = noGrad(() => this.run(new Var(probe))).shape;
    return inputShape.length > 0 && shape.length > 0 && shape[0] === 1 ? [inputShape[0] as number, ...shape.slice(1)] : shape;
  }

  /** `{ type, ...config }`: the constructor's config under the layer's type. */
  toConfig(): LayerConfig {
    // LayerConfig lists the built-in types; a Module's type is the user's, rebuilt by registerLayer.
    return { type: this.name, ...this.config } as unknown as LayerConfig;
  }

  private run(input: Var): Var {
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
