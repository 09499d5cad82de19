import { KubikiError, ShapeError, formatShape } from '../errors';
import type { CustomLossConfig, Loss, LossOutput, LossTargets } from '../losses/Loss';
import { Tensor } from '../tensor/Tensor';
import type { ModuleConfig, ModuleOptions } from './Module';
import { Var } from './Var';

/**
 * A loss written as its forward pass alone: `call(prediction, target)` returns the loss as a
 * one-element Var, and backward (dL/dprediction, what fit feeds the model) comes from the tape.
 *
 *   class Focal extends LossModule {
 *     call(prediction: Var, target: Tensor): Var { … return perRow.mean(); }
 *   }
 *
 * It is a Loss for fit, evaluate and gradCheck. toConfig() is `{ type, ...config }`.
 */
export abstract class LossModule implements Loss {
  readonly name: string;
  /** What the prediction is (see Loss); a subclass on raw scores sets `override readonly output = 'logits'`. */
  readonly output: LossOutput = 'values';
  /** 'classes' when the targets are class labels (see Loss). */
  readonly targets: LossTargets = 'values';
  private readonly config: ModuleConfig;
  private cache: { prediction: Var; loss: Var } | undefined;
  private grad: Tensor | undefined;

  constructor(config: ModuleConfig = {}, options: ModuleOptions = {}) {
    this.name = options.type ?? new.target.name;
    this.config = config;
  }

  abstract call(prediction: Var, target: Tensor): Var;

  forward(prediction: Tensor, target: Tensor): number {
    const input = new Var(prediction, { requiresGrad: true });
    const loss = this.call(input, target);
    if (!(loss instanceof Var)) {
      throw new KubikiError(`${this.name}.call: expected to return a Var, got ${loss === undefined ? 'nothing' : typeof loss}`);
    }
    if (loss.value.size !== 1) {
      throw new ShapeError(
        `${this.name}.call: expected a loss with one value, got shape ${formatShape(loss.shape)}; reduce it with .mean() or .sum()`,
      );
    }
    this.cache = { prediction: input, loss };
    this.grad = undefined;
    return loss.value.data[0] as number;
  }

  /** dL/dprediction for the last forward (the same tensor again if called twice). */
  backward(): Tensor {
    if (this.grad) return this.grad;
    if (!this.cache) {
      throw new ShapeError(`${this.name}.backward: called before forward; run forward(prediction, target) first`);
    }
    const { prediction, loss } = this.cache;
    this.cache = undefined;
    if (loss.requiresGrad) loss.backward();
    this.grad = prediction.grad ?? Tensor.zeros(prediction.shape, prediction.dtype);
    return this.grad;
  }

  toConfig(): CustomLossConfig {
    return { type: this.name, ...this.config };
  }
}
