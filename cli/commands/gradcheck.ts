import { buildLoss, createRng, gradCheck, Sequential, Tensor, type GradCheckResult, type Layer } from '../../src';
import { loadConfig } from '../../src/config';
import { buildModel } from '../buildModel';
import { fmt, print, table } from '../format';
import { JobFailed } from '../run';
import { taskOf } from '../task';

/** Central differences cost two forward passes per weight and row: a few rows show any error; more only take memory. */
export const MAX_GRADCHECK_BATCH = 1024;

export interface GradcheckOptions {
  config: string;
  batch?: number;
  tolerance?: number;
}

/**
 * kubiki gradcheck: the library's gradCheck (central differences in float64) for each layer of the
 * configured model on the activations of a random batch, then for the whole model through the
 * loss. Fails (exit 1) when any relative error reaches the tolerance (1e-5 by default: Torch7's
 * Jacobian test bound; a whole network in float64 accumulates a little more rounding than a layer).
 */
export function gradcheck(options: GradcheckOptions): void {
  const config = loadConfig(options.config);
  const seed = config.training.seed;
  const tolerance = options.tolerance ?? 1e-5;
  const model = buildModel(config, seed);
  const rng = createRng(seed + 7);
  const batch = options.batch ?? 4;
  // A network that reads token indices (Embedding first) gets random valid tokens instead.
  const randomInput = (layer: Layer | undefined, shape: readonly number[]): Tensor => {
    const tokens = layer?.integerInput ? (layer as { numEmbeddings?: number }).numEmbeddings : undefined;
    if (tokens === undefined) return Tensor.randn(shape, rng, 'float64');
    return Tensor.from(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(tokens)), shape, 'float64');
  };
  const graphInputs = config.model.graph?.inputs;
  const input = graphInputs
    ? graphInputs.map((i) => Tensor.randn([batch, ...i.shape], rng, 'float64'))
    : randomInput(model instanceof Sequential ? model.layers[0] : undefined, [batch, ...config.model.inputShape]);

  const rows: string[][] = [];
  let failed = 0;
  const add = (where: string, result: GradCheckResult): void => {
    for (const [name, error] of Object.entries(result.errors)) {
      const ok = error < tolerance;
      if (!ok) failed++;
      rows.push([where, name, fmt(error), ok ? 'ok' : 'FAIL']);
    }
  };

  // Each layer gets its own random input of the shape that reaches it, rather than the activations
  // of the layers before: those hold exact zeros and ties (after ReLU, in max pooling), the kinks
  // where a central difference is not a derivative.
  let shape: readonly number[] = [batch, ...config.model.inputShape];
  // (A graph's layers are checked through the whole model only: their inputs come from several places.)
  (model instanceof Sequential ? model.layers : []).forEach((layer, i) => {
    add(`layers[${i}] ${layer.name}`, gradCheck(layer, randomInput(layer, shape), { tolerance, seed }));
    shape = [batch, ...(config.model.shapes[i] as readonly number[]).slice(1)];
  });

  const loss = buildLoss(config.loss);
  // Class labels for every position of the output but the last axis (one per step of a sequence).
  const outputShape =
    model instanceof Sequential
      ? model.outputShape([batch, ...config.model.inputShape])
      : (model.outputShapes(model.inputs.map((i) => [batch, ...i.shape]))[0] as readonly number[]);
  const classes = outputShape[outputShape.length - 1] as number;
  const labelShape = outputShape.slice(0, -1);
  const target =
    taskOf(loss) === 'classification'
      ? Tensor.from(Array.from({ length: labelShape.reduce((a, b) => a * b, 1) }, () => rng.int(classes)), labelShape, 'float64')
      : undefined;
  add(`model + ${loss.name}`, gradCheck(model, input, { tolerance, seed, loss, ...(target ? { target } : {}) }));

  print(table(['where', 'tensor', 'relative error', ''], rows));
  if (failed > 0) {
    throw new JobFailed(`gradcheck: ${failed} of ${rows.length} gradients have a relative error ≥ ${tolerance.toExponential()}`);
  }
  print(`All ${rows.length} gradients agree with central differences (relative error < ${tolerance.toExponential()})`);
}
