import type { z } from 'zod';
import { ConfigError, KubikiError, formatShape } from '../errors';
import { platform } from '../platform';
import type { LabelColumn } from '../data/loadCsv';
import type { Normalization } from '../data/Normalizer';
import type { CustomLayerConfig } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { CustomLossConfig } from '../losses/Loss';
import type { LossConfig } from '../losses/LossConfig';
import type { EarlyStopping } from '../model/EarlyStopper';
import type { CustomOptimizerConfig, OptimizerConfig } from '../optim/OptimizerConfig';
import type { ScheduleConfig } from '../optim/schedules';
import type { Shape } from '../tensor/Tensor';
import { checkDistinctPaths } from './checkPaths';
import { formatIssue } from './formatIssues';
import { parseJson } from './parseJson';
import { checkLoss, checkOptimizer, checkSchedule, resolveGraph, resolveLayers } from './resolveParts';
import { configSchema, graphConfigSchema } from './schema';
import type { GraphConfig } from '../graph/graphConfig';
import { readText } from '../util/readFile';

type Entry = { readonly type: string } & Readonly<Record<string, unknown>>;

/** A validated model.json with defaults filled in, layer sizes inferred and paths made absolute. */
export interface KubikiConfig {
  /** The config file (absolute); paths inside it are relative to its directory. */
  readonly file: string;
  readonly model: {
    /** The shape of one sample, without the batch. */
    readonly inputShape: Shape;
    /** Complete layer configs (every inputSize filled in). */
    readonly layers: readonly (LayerConfig | CustomLayerConfig)[];
    /** The output shape of each layer for a batch of 1. */
    readonly shapes: readonly Shape[];
    /**
     * A graph model (model.json's "model" with "inputs"): the complete graph and where each input's
     * columns come from. `inputShape` is then [the number of feature columns the inputs take by default].
     */
    readonly graph?: { readonly config: GraphConfig; readonly inputs: readonly GraphInputSpec[] };
  };
  readonly loss: LossConfig | CustomLossConfig;
  readonly optimizer: OptimizerConfig | CustomOptimizerConfig;
  readonly schedule: string | ScheduleConfig | undefined;
  /**
   * CSV data (`train`, optionally reshaped by `sequence`) or a text file of lines for a
   * character-level language model (`text`); exactly one of `train` and `text` is set.
   */
  readonly data: {
    readonly train: string | undefined;
    readonly text: string | undefined;
    /** Feature columns read as [steps, features] per row (step-major: step 1's features first). */
    readonly sequence: { readonly steps: number; readonly features: number } | undefined;
    readonly test: string | undefined;
    readonly label: LabelColumn;
    readonly header: boolean | undefined;
    readonly validationSplit: number;
    readonly normalize: Normalization;
  };
  readonly training: {
    readonly epochs: number;
    readonly batchSize: number;
    readonly seed: number;
    readonly shuffle: boolean;
    readonly earlyStopping: EarlyStopping | undefined;
    /** Skip each epoch's last, smaller batch. */
    readonly dropLast: boolean | undefined;
    /** The divergence rule's factor (fit's divergenceFactor; default 1e4). */
    readonly divergenceFactor: number | undefined;
    /** Write a checkpoint every `every` epochs to `path` (absolute), for `kubiki train --resume`. */
    readonly checkpoint: { readonly path: string; readonly every: number } | undefined;
  };
  readonly output: { readonly model: string; readonly history: string };
}

/** A graph input of model.json: its name, sample shape, and CSV columns (names, or a range "start:end"). */
export interface GraphInputSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly columns: readonly string[] | string | undefined;
}

/** Reads and validates a config file; a ConfigError lists every problem found, each with its JSON path. */
export function loadConfig(path: string): KubikiConfig {
  const text = readText(path, (reason) => new ConfigError(`${path}: cannot read the config file (${reason})`), 'loadConfig');
  return validateConfig(parseJson(text, path), path);
}

/** Validates parsed JSON; `file` names the config in errors and anchors its relative paths. */
export function validateConfig(json: unknown, file: string): KubikiConfig {
  const isGraph = isObject(json) && isObject(json.model) && 'inputs' in json.model;
  const schema: z.ZodType = isGraph ? graphConfigSchema : configSchema;
  const parsed = (schema as typeof configSchema).safeParse(json, { reportInput: true });
  const issues = parsed.success ? [] : parsed.error.issues;
  const problems = issues.flatMap((issue) => formatIssue(issue, (p) => knownKeys(schema, p)));
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof KubikiError)) throw error;
      problems.push(...error.message.split('\n'));
      return undefined;
    }
  };
  // Layers, loss, optimizer and schedule are checked by construction, also when another part of
  // the file has errors, so that one run reports every problem; a part the schema rejected is skipped.
  const section = (key: string): Record<string, unknown> | undefined => {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    if (issues.some((issue) => issue.path[0] === key)) return undefined;
    return (json as Record<string, unknown>)[key] as Record<string, unknown> | undefined;
  };
  const modelPart = section('model') as { layers: Entry[]; inputShape?: number[] } | undefined;
  const dataPart = section('data') as DataPart | undefined;
  if (dataPart) problems.push(...dataProblems(dataPart, modelPart?.inputShape));
  const sequence = dataPart?.sequence;
  if (modelPart && sequence && modelPart.inputShape === undefined) {
    modelPart.inputShape = [sequence.steps, sequence.features ?? 1];
  }
  const lossPart = section('loss') as Entry | undefined;
  const optimizerPart = section('optimizer') as Entry | undefined;
  const schedulePart = section('schedule') as string | ScheduleConfig | undefined;
  const textWithoutShape = dataPart?.text !== undefined && modelPart !== undefined && modelPart.inputShape === undefined;
  if (textWithoutShape) {
    problems.push('model.inputShape: missing; for data.text give the steps of one sequence, e.g. [13] for words of up to 12 characters and their end');
  }
  const model =
    modelPart && !textWithoutShape
      ? attempt(() => (isGraph ? graphModel(modelPart as unknown as GraphPart) : resolveLayers(modelPart.layers, modelPart.inputShape)))
      : undefined;
  const loss = lossPart && attempt(() => checkLoss(lossPart));
  if (loss && dataPart?.text !== undefined) problems.push(...textLossProblems(loss));
  const optimizer = optimizerPart && attempt(() => checkOptimizer(optimizerPart));
  if (schedulePart !== undefined) attempt(() => checkSchedule(schedulePart, typeof (optimizer as { lr?: unknown } | undefined)?.lr === 'number' ? (optimizer as { lr: number }).lr : 0.1));
  if (problems.length > 0 || !parsed.success || !model || !loss || !optimizer) throw configError(file, problems);
  const input = parsed.data;
  const monitor = input.training.earlyStopping?.monitor;
  if (monitor?.startsWith('val') && input.data.validationSplit === 0) {
    throw configError(file, [
      `training.earlyStopping.monitor: "${monitor}" needs validation data; set data.validationSplit (e.g. 0.2) or monitor "loss"`,
    ]);
  }

  const batchNorm = model.layers.findIndex((layer) => layer.type.startsWith('BatchNorm'));
  if (input.training.batchSize === 1 && batchNorm >= 0) {
    throw configError(file, [
      `training.batchSize: expected at least 2 with ${model.layers[batchNorm]?.type} (model.layers[${batchNorm}]), got 1; ` +
        'batch statistics need two rows or more',
    ]);
  }

  const { dirname, resolve } = platform.path;
  const base = dirname(resolve(file));
  const at = (p: string): string => resolve(base, p);
  const checkpoint = input.training.checkpoint && { path: at(input.training.checkpoint.path), every: input.training.checkpoint.every };
  const outputs = { model: at(input.output.model), history: at(input.output.history) };
  checkDistinctPaths(file, [
    ['data.train', input.data.train === undefined ? undefined : at(input.data.train)],
    ['data.text', input.data.text === undefined ? undefined : at(input.data.text)],
    ['data.test', input.data.test === undefined ? undefined : at(input.data.test)],
    ['output.model', outputs.model],
    ['output.history', outputs.history],
    ['training.checkpoint.path', checkpoint?.path],
  ]);
  return {
    file: resolve(file),
    model,
    loss,
    optimizer,
    schedule: input.schedule as string | ScheduleConfig | undefined,
    data: {
      train: input.data.train === undefined ? undefined : at(input.data.train),
      text: input.data.text === undefined ? undefined : at(input.data.text),
      sequence: input.data.sequence,
      test: input.data.test === undefined ? undefined : at(input.data.test),
      label: input.data.label,
      header: input.data.header,
      validationSplit: input.data.validationSplit,
      normalize: input.data.normalize,
    },
    training: {
      epochs: input.training.epochs,
      batchSize: input.training.batchSize,
      seed: input.training.seed,
      shuffle: input.training.shuffle,
      earlyStopping: input.training.earlyStopping,
      dropLast: input.training.dropLast,
      divergenceFactor: input.training.divergenceFactor,
      checkpoint,
    },
    output: outputs,
  };
}

type GraphPart = { inputs: GraphInputSpec[]; layers: unknown[]; outputs: string | string[] };

/** The graph form of "model": checked and completed by building it; inputShape = the default feature columns. */
function graphModel(part: GraphPart): KubikiConfig['model'] {
  const config = resolveGraph(part);
  const outputs = typeof config.outputs === 'string' ? 1 : config.outputs.length;
  if (outputs !== 1) {
    throw new ConfigError(`model.outputs: the command line trains graphs with one output (one label column), got ${outputs}; use the library's Model.fit for several`);
  }
  const inputs = part.inputs.map(({ name, shape, columns }) => ({ name, shape, columns }));
  const features = inputs.reduce((total, input) => total + input.shape.reduce((a, b) => a * b, 1), 0);
  return { inputShape: [features], layers: [], shapes: [], graph: { config, inputs } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type DataPart = { train?: string; text?: string; sequence?: { steps: number; features?: number } } & Record<string, unknown>;

/** data: exactly one of train (CSV) and text (lines); CSV-only keys not with text; sequence agrees with model.inputShape. */
function dataProblems(data: DataPart, inputShape: readonly number[] | undefined): string[] {
  if (data.train === undefined && data.text === undefined) {
    return ['data.train: missing; expected a file path (a CSV file), or data.text for a text file of one word a line'];
  }
  if (data.train !== undefined && data.text !== undefined) {
    return ['data.text: expected either data.train (a CSV file) or data.text (a text file of lines), got both'];
  }
  const problems: string[] = [];
  if (data.text !== undefined) {
    for (const key of ['label', 'header', 'normalize', 'sequence'] as const) {
      if (key in data) problems.push(`data.${key}: applies to CSV data (data.train), not to data.text; remove it`);
    }
    if (inputShape !== undefined && inputShape.length !== 1) {
      problems.push(
        `model.inputShape: expected [steps] for data.text (the tokens of one word and its end, e.g. [13] for words of up to 12 characters), got ${formatShape(inputShape)}`,
      );
    }
  }
  const sequence = data.sequence;
  if (sequence !== undefined && inputShape !== undefined) {
    const shape = [sequence.steps, sequence.features ?? 1];
    if (shape.join() !== inputShape.join()) {
      problems.push(
        `data.sequence: { steps: ${shape[0]}, features: ${shape[1]} } makes samples of shape ${formatShape(shape)}, ` +
          `but model.inputShape is ${formatShape(inputShape)}; remove model.inputShape or make them match`,
      );
    }
  }
  return problems;
}

/** data.text trains next-token prediction: a classification loss that skips the padding targets. */
function textLossProblems(loss: LossConfig | CustomLossConfig): string[] {
  if (loss.type !== 'CrossEntropyLoss') {
    return [`loss.type: data.text trains next-character prediction on the last layer's scores; expected "CrossEntropyLoss" (with ignoreIndex), got ${JSON.stringify(loss.type)}`];
  }
  const ignoreIndex = (loss as { ignoreIndex?: unknown }).ignoreIndex;
  if (typeof ignoreIndex !== 'number') {
    return ['loss.ignoreIndex: missing; data.text pads every word to model.inputShape steps and marks the padding targets with it: set it, e.g. -100'];
  }
  return [];
}

function configError(file: string, problems: readonly string[]): ConfigError {
  if (problems.length === 1) return new ConfigError(`${file}: ${problems[0]}`);
  return new ConfigError(`${file}: ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** The keys an object schema allows at `path` (for "did you mean" on unknown keys). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  const unwrap = (n: unknown): unknown => {
    let current = n as { def?: { type?: string; innerType?: unknown } };
    while (current.def && (current.def.type === 'optional' || current.def.type === 'default')) {
      current = current.def.innerType as typeof current;
    }
    return current;
  };
  for (const key of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (typeof key === 'number' && def?.type === 'array') node = def.element;
    else if (def?.type === 'object' && def.shape) node = def.shape[String(key)];
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
