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
import { graphFromConfig, graphToConfig, type GraphConfig } from '../graph/graphConfig';
import { buildMergeLayer, isMergeType, MERGE_TYPES } from '../layers/merge/buildMergeLayer';
import type { MergeConfig } from '../layers/merge/MergeConfig';
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
/** A built-in layer's config or a registered (user) layer's. */
type AnyConfig = LayerConfig | CustomLayerConfig;

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
): { inputShape: Shape; layers: AnyConfig[]; shapes: Shape[] } {
  const first = entries[0];
  const sample = inputShape ?? (typeof first?.inputSize === 'number' ? [first.inputSize] : undefined);
  if (!sample) {
    throw new ConfigError(
      'model.inputShape: missing; expected the shape of one sample, e.g. [64] for 64 feature columns (or give layers[0].inputSize)',
    );
  }
  const { layers, shapes } = resolveChain(entries, [1, ...sample], 'model.layers', `model.inputShape ${formatShape(sample)}`);
  return { inputShape: sample, layers, shapes };
}

/** A chain of layers from `shape`: complete configs and the shape after each. */
function resolveChain(entries: readonly Entry[], start: Shape, path: string, from: string): { layers: AnyConfig[]; shapes: Shape[] } {
  let shape = start;
  let source = from;
  const layers: AnyConfig[] = [];
  const shapes: Shape[] = [];
  entries.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    const resolved = resolveEntry(entry, shape, at, source);
    layers.push(resolved.config);
    shapes.push(resolved.shape);
    shape = resolved.shape;
    source = `${at} (${entry.type})`;
  });
  return { layers, shapes };
}

/** One layer (or container) at `path`, given the shape that reaches it ([batch, …]). */
export function resolveEntry(entry: Entry, shape: Shape, path: string, source: string): { config: AnyConfig; shape: Shape } {
  if (!isEntry(entry)) {
    throw new ConfigError(`${path}: expected a layer { "type": … }, got ${JSON.stringify(entry)}`);
  }
  checkType(`${path}.type`, 'layer', entry.type, knownLayerTypes());
  const container = resolveContainer(entry, shape, path, source);
  const inferred: Record<string, number> = {};
  if (!container) {
    for (const [key, size] of Object.entries(INFERRED)) {
      const value = size(shape);
      if (!(key in entry) && value !== undefined) inferred[key] = value;
    }
  }
  const complete: AnyConfig = container ?? ({ ...inferred, ...entry } as AnyConfig);
  const layer = construct(path, () => buildLayer(complete, createRng(0)));
  const config = layer.toConfig();
  checkKeys(path, entry, Object.keys(config));
  try {
    return { config, shape: layer.outputShape(shape) };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const given = container ? undefined : Object.keys(INFERRED).find((key) => key in entry);
    const fix = given ? `; remove ${given} to infer it, or make it match` : '';
    throw new ConfigError(
      `${path}${given ? `.${given}` : ''}: ${entry.type} does not fit the output of ${source}, of shape ${batchShape(shape)}: ` +
        `${error.message.replace(/\[1(?=[,\]])/g, '[batch')}${fix}`,
    );
  }
}

/**
 * A container's children resolved on the shape that reaches them (Residual: block and shortcut on
 * x; Concat: every branch on x; Sequential: its chain), or undefined for a plain layer.
 */
function resolveContainer(entry: Entry, shape: Shape, path: string, source: string): LayerConfig | undefined {
  const child = (value: unknown, at: string): AnyConfig | AnyConfig[] => {
    if (Array.isArray(value)) {
      if (value.length === 0) throw new ConfigError(`${at}: expected at least one layer, got []`);
      return resolveChain(value as Entry[], shape, at, source).layers;
    }
    if (!isEntry(value)) throw new ConfigError(`${at}: expected a layer { "type": … } or an array of layers, got ${JSON.stringify(value) ?? 'nothing'}`);
    return resolveEntry(value, shape, at, source).config;
  };
  switch (entry.type) {
    case 'Sequential': {
      if (!Array.isArray(entry.layers)) throw new ConfigError(`${path}.layers: expected an array of layers, got ${JSON.stringify(entry.layers) ?? 'nothing'}`);
      return { type: 'Sequential', layers: resolveChain(entry.layers as Entry[], shape, `${path}.layers`, source).layers };
    }
    case 'Residual':
      return {
        type: 'Residual',
        block: child(entry.block, `${path}.block`),
        ...(entry.shortcut === undefined ? {} : { shortcut: child(entry.shortcut, `${path}.shortcut`) }),
      };
    case 'Concat': {
      if (!Array.isArray(entry.branches) || entry.branches.length === 0) {
        throw new ConfigError(`${path}.branches: expected a non-empty array of branches (layers or arrays of layers), got ${JSON.stringify(entry.branches) ?? 'nothing'}`);
      }
      return {
        type: 'Concat',
        branches: entry.branches.map((branch, k) => child(branch, `${path}.branches[${k}]`)),
        ...(entry.axis === undefined ? {} : { axis: entry.axis as number }),
      };
    }
    default:
      return undefined;
  }
}

/** A graph model.json: every node checked and its sizes inferred from the shapes reaching it. */
export function resolveGraph(model: { inputs: readonly { name: string; shape: readonly number[] }[] }): GraphConfig {
  const graph = graphFromConfig(
    { ...model, inputs: model.inputs.map(({ name, shape }) => ({ name, shape })) },
    {
      path: 'model',
      error: (message) => new ConfigError(message),
      build: (entry, inputShapes, path) => {
        if (isMergeType(entry.type)) {
          const layer = construct(path, () => buildMergeLayer(entry as unknown as MergeConfig));
          checkKeys(path, entry, Object.keys(layer.toConfig()));
          return layer;
        }
        checkType(`${path}.type`, 'layer', entry.type, [...knownLayerTypes(), ...MERGE_TYPES]);
        const { config } = resolveEntry(entry, inputShapes[0] as Shape, path, 'its input');
        return buildLayer(config, createRng(0));
      },
    },
  );
  return graphToConfig(graph);
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Entry).type === 'string';
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
