import { ConfigError, ShapeError, formatShape } from '../errors';
import { buildLayer, knownLayerTypes } from '../layers/buildLayer';
import type { CustomLayerConfig } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import { buildLoss, lossTypes } from '../losses/buildLoss';
import type { CustomLossConfig } from '../losses/Loss';
import type { LossConfig } from '../losses/LossConfig';
import { buildOptimizer, optimizerTypes } from '../optim/buildOptimizer';
import type { CustomOptimizerConfig, OptimizerConfig } from '../optim/OptimizerConfig';
import { buildSchedule, SCHEDULE_TYPES, type ScheduleConfig } from '../optim/schedules';
import { createRng } from '../tensor/rng';
import type { Shape } from '../tensor/Tensor';
import { didYouMean } from '../util/suggest';

/*
 * Options of layers, losses, optimizers and schedules are checked by constructing them: the
 * classes validate their own arguments, so the rules are written once. Their ConfigErrors carry the
 * bad option ({ key, expected, got }), so they are re-addressed to its JSON path
 * ("model.layers[0].outputSize: expected a positive integer, got -3"), and the keys a class
 * knows are the keys of its toConfig(), so an unknown or misspelt option gets "did you mean".
 */

type Entry = { readonly type: string } & Readonly<Record<string, unknown>>;

/**
 * Options that are sizes of the incoming data, inferred from the previous layer's output shape
 * ([batch, …]) when not given: the last dimension for dense layers and LayerNorm, the channel
 * dimension (1) for convolutions and batch norms. A layer only keeps those its toConfig() has.
 */
const INFERRED: Readonly<Record<string, (shape: Shape) => number | undefined>> = {
  inputSize: (shape) => shape[shape.length - 1],
  normalizedShape: (shape) => shape[shape.length - 1],
  inChannels: (shape) => shape[1],
  channels: (shape) => shape[1],
  features: (shape) => shape[1],
};

/** Checks every layer in order, inferring input sizes; returns complete configs and each output shape. */
export function resolveLayers(
  entries: readonly Entry[],
  inputShape: readonly number[] | undefined,
): { inputShape: Shape; layers: (LayerConfig | CustomLayerConfig)[]; shapes: Shape[] } {
  const first = entries[0];
  const sample = inputShape ?? (typeof first?.inputSize === 'number' ? [first.inputSize] : undefined);
  if (!sample) {
    throw new ConfigError(
      'model.inputShape: missing; expected the shape of one sample, e.g. [64] for 64 feature columns (or give layers[0].inputSize)',
    );
  }
  let shape: Shape = [1, ...sample];
  let source = `model.inputShape ${formatShape(sample)}`;
  const layers: (LayerConfig | CustomLayerConfig)[] = [];
  const shapes: Shape[] = [];
  entries.forEach((entry, i) => {
    const path = `model.layers[${i}]`;
    checkType(`${path}.type`, 'layer', entry.type, knownLayerTypes());
    const inferred: Record<string, number> = {};
    for (const [key, size] of Object.entries(INFERRED)) {
      const value = size(shape);
      if (!(key in entry) && value !== undefined) inferred[key] = value;
    }
    const layer = construct(path, () => buildLayer({ ...inferred, ...entry }, createRng(0)));
    const config = layer.toConfig();
    checkKeys(path, entry, Object.keys(config));
    try {
      shape = layer.outputShape(shape);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      const given = Object.keys(INFERRED).find((key) => key in entry);
      const fix = given ? `; remove ${given} to infer it, or make it match` : '';
      throw new ConfigError(
        `${path}${given ? `.${given}` : ''}: ${entry.type} does not fit the output of ${source}, of shape ${batchShape(shape)}: ` +
          `${error.message.replace(/\[1(?=[,\]])/g, '[batch')}${fix}`,
      );
    }
    layers.push(config);
    shapes.push(shape);
    source = `${path} (${entry.type})`;
  });
  return { inputShape: sample, layers, shapes };
}

export function checkLoss(entry: Entry): LossConfig | CustomLossConfig {
  checkType('loss.type', 'loss', entry.type, lossTypes());
  const config = construct('loss', () => buildLoss(entry)).toConfig();
  checkKeys('loss', entry, Object.keys(config));
  return config;
}

export function checkOptimizer(entry: Entry): OptimizerConfig | CustomOptimizerConfig {
  checkType('optimizer.type', 'optimizer', entry.type, optimizerTypes());
  const config = construct('optimizer', () => buildOptimizer(entry)).toConfig();
  checkKeys('optimizer', entry, Object.keys(config));
  return config;
}

/** Builds the schedule and evaluates it once, so a bad expression is found before training. */
export function checkSchedule(spec: string | ScheduleConfig, lr0: number): void {
  if (typeof spec === 'object') checkType('schedule.type', 'schedule', spec.type, SCHEDULE_TYPES);
  construct('schedule', () => buildSchedule(spec)(0, lr0));
}

function checkType(path: string, what: string, type: string, known: readonly string[]): void {
  if (known.includes(type)) return;
  const hint = didYouMean(type, known);
  throw new ConfigError(
    `${path}: unknown ${what} ${JSON.stringify(type)}${hint || `; expected one of ${known.join(', ')}`}`,
  );
}

function checkKeys(path: string, entry: Entry, known: readonly string[]): void {
  const unknown = Object.keys(entry).filter((key) => key !== 'type' && !known.includes(key));
  if (unknown.length === 0) return;
  const allowed = known.filter((k) => k !== 'type');
  throw new ConfigError(
    unknown
      .map((key) => {
        const hint = didYouMean(key, allowed);
        const list = allowed.length === 0 ? `${entry.type} has no options` : `expected one of ${allowed.join(', ')}`;
        return `${path}.${key}: unknown option ${JSON.stringify(key)} of ${entry.type}${hint || `; ${list}`}`;
      })
      .join('\n'),
  );
}

/**
 * Runs a constructor; a ConfigError about one option (its `details`) is re-addressed to the JSON
 * path of that option, any other ConfigError is prefixed with `path`.
 */
function construct<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ShapeError || error instanceof RangeError) {
      // A size too large to allocate (outputSize: 2e9): name the entry, not the tensor.
      throw new ConfigError(`${path}: ${error.message.replace(/^Tensor: /, '')}`);
    }
    if (!(error instanceof ConfigError)) throw error;
    const details = error.details;
    if (details === undefined) throw new ConfigError(`${path}: ${error.message}`, { path, cause: error });
    const at = `${path}.${details.key}`;
    const message =
      details.got === undefined
        ? `${at}: missing; expected ${details.expected}`
        : `${at}: expected ${details.expected}, got ${JSON.stringify(details.got)}`;
    throw new ConfigError(message, { path: at, details, cause: error });
  }
}

/** [1, 32] → "[batch, 32]" */
function batchShape(shape: Shape): string {
  return formatShape(shape).replace(/^\[\d+/, '[batch');
}
