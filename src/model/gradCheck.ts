import { ConfigError, ShapeError, formatShape } from '../errors';
import { dot, sub, sumSquares } from '../kernels';
import type { Layer } from '../layers/Layer';
import type { Loss } from '../losses/Loss';
import type { MultiModel } from './Trainable';
import { createRng } from '../tensor/rng';
import { Tensor, type FloatArray } from '../tensor/Tensor';

export interface GradCheckOptions {
  /** Central-difference step. */
  eps?: number;
  /** Pass when every error is below this. */
  tolerance?: number;
  /** Check through a loss: L = loss(target(x), lossTarget). Without it, L = Σ y ⊙ r, r random. */
  loss?: Loss;
  /** The loss's target; when omitted, rows of random positive values summing to 1. */
  target?: Tensor;
  /** Seed of the random projection r and of the random generator handed to stochastic layers. */
  seed?: number;
  /**
   * Whether to check dL/d(input) too. Default: yes, unless the target says its input holds integer
   * indices (`integerInput`, e.g. an Embedding first): perturbing an index by ε means nothing, so
   * then only the parameters are checked and `errors` has no `input` entry.
   */
  checkInput?: boolean;
}

/** A layer, a container, a Sequential or a graph Model: anything with forward, backward and parameters. */
export type GradCheckTarget = Pick<Layer, 'forward' | 'backward' | 'paramGrads' | 'setRng' | 'integerInput'> | MultiModel;

export interface GradCheckResult {
  ok: boolean;
  maxRelError: number;
  /** Per tensor: `input` (`input0`, `input1`, … for several inputs), and each parameter by name. */
  errors: Record<string, number>;
}

/**
 * Checks a layer's (or a whole Sequential's) backward against central differences, like Torch7's
 * nn.Jacobian: for the input and every parameter θ, ∂L/∂θᵢ ≈ (L(θᵢ+ε) − L(θᵢ−ε)) / 2ε. Everything
 * runs in float64: the input is copied to float64 and the parameters are cast for the duration of
 * the check, then restored untouched (values and accumulated gradients).
 *
 * The error of a tensor is ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂, 1e-3): relative,
 * with a floor so that an all-zero gradient (a dead ReLU) does not divide noise by zero.
 */
export function gradCheck(
  target: GradCheckTarget,
  input: Tensor | readonly Tensor[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  const seed = options.seed ?? 1234;
  const checkInput = options.checkInput ?? !('integerInput' in target && target.integerInput === true);
  if (!(eps > 0)) throw new ConfigError(`gradCheck: expected eps > 0, got ${eps}`);

  const run = runner(target);
  const xs = (Array.isArray(input) ? (input as readonly Tensor[]) : [input as Tensor]).map((x) => x.astype('float64'));
  const params = target.paramGrads();
  const saved = params.map((p) => ({ value: p.value.data, grad: p.grad.data }));
  for (const p of params) {
    p.value.data = Float64Array.from(p.value.data);
    p.grad.data = new Float64Array(p.grad.size);
  }

  try {
    const forward = (): Tensor[] => {
      target.setRng?.(createRng(seed + 1));
      return run.forward(xs);
    };
    const probes = forward();
    const projections = probes.map((probe, k) => Tensor.uniform(probe.shape, -1, 1, createRng(seed + 10 * k), 'float64'));
    const lossTargets = options.loss
      ? probes.map((probe, k) => (k === 0 && options.target ? options.target : defaultTarget(probe, seed + 10 * k)))
      : undefined;
    const objective = (): number => {
      const ys = forward();
      return ys.reduce(
        (total, y, k) =>
          total +
          (options.loss
            ? options.loss.forward(y, (lossTargets as Tensor[])[k] as Tensor)
            : dot(y.data, (projections[k] as Tensor).data)),
        0,
      );
    };

    // Analytic gradients: one forward and one backward.
    const ys = forward();
    const gradOuts = ys.map((y, k) => {
      if (!options.loss) return projections[k] as Tensor;
      options.loss.forward(y, (lossTargets as Tensor[])[k] as Tensor);
      return options.loss.backward().astype('float64');
    });
    const gradIns = run.backward(gradOuts);
    const errors: Record<string, number> = {};
    xs.forEach((x, i) => {
      const gradIn = gradIns[i] as Tensor;
      if (gradIn.size !== x.size) {
        throw new ShapeError(
          `gradCheck: expected backward to return a gradient of shape ${formatShape(x.shape)}, got ${formatShape(gradIn.shape)}`,
        );
      }
      if (checkInput) errors[xs.length === 1 ? 'input' : `input${i}`] = relativeError(Float64Array.from(gradIn.data), numericGradient(x.data, objective, eps));
    });
    for (const p of params) {
      errors[p.name] = relativeError(Float64Array.from(p.grad.data), numericGradient(p.value.data, objective, eps));
    }
    const maxRelError = Math.max(...Object.values(errors));
    return { ok: maxRelError < tolerance, maxRelError, errors };
  } finally {
    params.forEach((p, i) => {
      const original = saved[i] as { value: FloatArray; grad: FloatArray };
      p.value.data = original.value;
      p.grad.data = original.grad;
    });
  }
}

/** Forward and backward on lists of tensors, for a one-input layer or a graph Model alike. */
function runner(target: GradCheckTarget): { forward(xs: Tensor[]): Tensor[]; backward(gs: Tensor[]): Tensor[] } {
  if ('forwardAll' in target) {
    return { forward: (xs) => target.forwardAll(xs), backward: (gs) => target.backwardAll(gs) };
  }
  return { forward: (xs) => [target.forward(xs[0] as Tensor)], backward: (gs) => [target.backward(gs[0] as Tensor)] };
}

function numericGradient(values: FloatArray, objective: () => number, eps: number): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const original = values[i] as number;
    values[i] = original + eps;
    const plus = objective();
    values[i] = original - eps;
    const minus = objective();
    values[i] = original;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return grad;
}

function relativeError(analytic: Float64Array, numeric: Float64Array): number {
  const diff = new Float64Array(analytic.length);
  sub(analytic, numeric, diff);
  const scale = Math.max(Math.sqrt(sumSquares(analytic)), Math.sqrt(sumSquares(numeric)), 1e-3);
  const error = Math.sqrt(sumSquares(diff)) / scale;
  return Number.isNaN(error) ? Infinity : error;
}

/** Rows of random positive values that sum to 1: a valid target for every probability-style loss. */
function defaultTarget(output: Tensor, seed: number): Tensor {
  const t = Tensor.uniform(output.shape, 0.1, 1, createRng(seed + 2), 'float64');
  const cols = output.shape.length > 1 ? (output.shape[output.shape.length - 1] as number) : output.size;
  const data = t.data;
  for (let start = 0; start < data.length; start += cols) {
    let total = 0;
    for (let i = start; i < start + cols; i++) total += data[i] as number;
    for (let i = start; i < start + cols; i++) data[i] = (data[i] as number) / total;
  }
  return t;
}
