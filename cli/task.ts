import {
  applyNormalizer,
  buildLoss,
  DataError,
  loadCsv,
  Tensor,
  type CsvDataset,
  type LabelColumn,
  type CustomLossConfig,
  type Loss,
  type LossConfig,
  type Normalizer,
  type Model,
  Sequential,
  type Shape,
} from '../src';
import { isNormalizer } from '../src/data/Normalizer';
import { didYouMean, type GraphInputSpec } from '../src/config';
import { readText } from '../src/util/readFile';
import { checkVocabulary } from '../src/data/Vocabulary';
import type { TextMetadata } from './textData';
import { resolveLabel, type SelectColumns } from '../src/data/loadCsv';

/**
 * What a model predicts, decided by what its loss says: class indices (targets are classes:
 * CrossEntropyLoss, NLLLoss), a binary label from one probability or logit (any other loss whose
 * prediction is not plain values: BCELoss, BCEWithLogitsLoss), or numbers (MSE, L1, Huber, …).
 */
export type Task = 'classification' | 'binary' | 'regression';

export function taskOf(loss: Pick<Loss, 'output' | 'targets'>): Task {
  if (loss.targets === 'classes') return 'classification';
  return loss.output === 'values' ? 'regression' : 'binary';
}

/** What `kubiki train` stores in the model file's metadata, so evaluate/predict read data the same way. */
export interface CliMetadata {
  task: Task;
  loss: LossConfig | CustomLossConfig;
  /** One sample's shape, without the batch. */
  inputShape: number[];
  features: string[];
  label: string | undefined;
  labelColumn: LabelColumn;
  classes: string[] | undefined;
  normalizer: Normalizer;
  /** A language model trained on data.text: its vocabulary and padding target. */
  text: TextMetadata | undefined;
  /** A graph model's inputs: which feature columns (0-based, in order) feed each. */
  inputs?: InputColumns[];
}

/** One input of a graph model and the feature columns it reads. */
export interface InputColumns {
  name: string;
  shape: number[];
  columns: number[];
}

/**
 * Each graph input's feature columns: its `columns` from model.json (header names, or a 0-based
 * range "start:end" of the feature columns), or by default the next shape-size columns in order.
 */
export function resolveInputColumns(specs: readonly GraphInputSpec[], features: readonly string[], file: string): InputColumns[] {
  let next = 0;
  return specs.map((spec, i) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const where = `model.inputs[${i}] ("${spec.name}")`;
    let columns: number[];
    if (spec.columns === undefined) {
      columns = Array.from({ length: size }, (_, k) => next + k);
    } else if (typeof spec.columns === 'string') {
      const [start, end] = spec.columns.split(':').map(Number) as [number, number];
      columns = Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
    } else {
      columns = spec.columns.map((name) => {
        const index = features.indexOf(name);
        if (index < 0) {
          throw new DataError(`${file}: ${where}.columns: no feature column "${name}"${didYouMean(name, features) || `; the features are ${features.join(', ')}`}`);
        }
        return index;
      });
    }
    if (columns.length !== size) {
      throw new DataError(`${file}: ${where}: expected ${size} columns for shape [${spec.shape.join(', ')}], got ${columns.length}`);
    }
    const outside = columns.find((c) => c >= features.length);
    if (outside !== undefined) {
      throw new DataError(`${file}: ${where}: needs feature column ${outside + 1}, but the file has ${features.length} feature columns besides the label`);
    }
    next = (columns[columns.length - 1] ?? next - 1) + 1;
    return { name: spec.name, shape: [...spec.shape], columns };
  });
}

/** Normalised features [n, f] as the model takes them: one tensor shaped [n, …inputShape], or one per graph input. */
export function modelInputs(x: Tensor, meta: { inputShape: Shape; inputs?: readonly InputColumns[] }): Tensor | Tensor[] {
  if (!meta.inputs) return inputsFor(x, meta.inputShape);
  const rows = x.shape[0] as number;
  const width = x.shape[1] as number;
  const tensors = meta.inputs.map((input) => {
    const out = Tensor.zeros([rows, ...input.shape], x.dtype);
    const k = input.columns.length;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < k; c++) out.data[r * k + c] = x.data[r * width + (input.columns[c] as number)] as number;
    }
    return out;
  });
  return tensors.length === 1 ? (tensors[0] as Tensor) : tensors;
}

/** The number of classes labels may take: the model's outputs, or 2 for a binary model. */
export function classCount(task: Task, outputSize: number): number | undefined {
  if (task === 'classification') return outputSize;
  if (task === 'binary') return 2;
  return undefined;
}

/** Labels [n] as the loss wants them: [n] class indices, or a column [n, 1] of targets. */
export function targetsFor(task: Task, y: Tensor): Tensor {
  return task === 'classification' ? y : y.reshape([y.size, 1]);
}

/** Features [n, f] as the model wants them: [n, …inputShape]. */
export function inputsFor(x: Tensor, inputShape: Shape): Tensor {
  return x.reshape([x.shape[0] as number, ...inputShape]);
}

/** Reads and checks the metadata of a model file; models saved by the library alone get defaults. */
export function readMetadata(model: Sequential | Model, file: string): CliMetadata {
  const meta = model.metadata as Partial<CliMetadata>;
  const bad = (key: string, expected: string): never => {
    throw new DataError(`${file}: metadata.${key}: expected ${expected}, got ${JSON.stringify(meta[key as keyof CliMetadata])}`);
  };
  const first = (model instanceof Sequential ? model.layers[0] : undefined) as { inputSize?: unknown } | undefined;
  const graphInputs = model instanceof Sequential ? undefined : (meta.inputs ?? defaultColumns(model));
  const graphWidth = graphInputs && Math.max(...graphInputs.flatMap((i) => i.columns)) + 1;
  const inputShape = meta.inputShape ?? (graphWidth ? [graphWidth] : typeof first?.inputSize === 'number' ? [first.inputSize] : undefined);
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    bad('inputShape', 'the shape of one sample (positive integers)');
  }
  const outputs = outputSize(model, inputShape as number[]);
  if (!(model instanceof Sequential) && model.outputSlots.length !== 1) {
    throw new DataError(`${file}: the command line runs graph models with one output, this one has ${model.outputSlots.length}; use the library`);
  }
  const loss = meta.loss ?? { type: outputs > 1 ? 'CrossEntropyLoss' : 'MSELoss' };
  if (typeof loss !== 'object' || typeof loss.type !== 'string') bad('loss', 'a loss config { "type": … }');
  const classes = meta.classes;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) {
    bad('classes', 'an array of class names');
  }
  const normalizer = meta.normalizer ?? { type: 'none' };
  if (!isNormalizer(normalizer)) bad('normalizer', 'a normalizer { "type": "none" | "standard" | "minmax", … }');
  let text: TextMetadata | undefined;
  if (meta.text !== undefined) {
    const ignoreIndex = (meta.text as { ignoreIndex?: unknown } | null)?.ignoreIndex;
    if (!Number.isInteger(ignoreIndex)) bad('text.ignoreIndex', 'an integer');
    text = { vocabulary: checkVocabulary(meta.text?.vocabulary, `${file}: metadata.text.vocabulary`), ignoreIndex: ignoreIndex as number };
  }
  const size = (inputShape as number[]).reduce((a, b) => a * b, 1);
  const features = meta.features ?? Array.from({ length: size }, (_, i) => `column ${i + 1}`);
  return {
    task: meta.task ?? taskOf(buildLoss(loss as LossConfig)),
    loss: loss as LossConfig,
    inputShape: inputShape as number[],
    features,
    label: meta.label,
    labelColumn: meta.labelColumn ?? 'last',
    classes,
    normalizer: normalizer as Normalizer,
    text,
    ...(graphInputs ? { inputs: graphInputs } : {}),
  };
}

/** A graph saved by the library alone: its inputs read consecutive columns. */
function defaultColumns(model: Model): InputColumns[] {
  let next = 0;
  return model.inputs.map((input) => {
    const size = input.shape.reduce((a, b) => a * b, 1);
    const columns = Array.from({ length: size }, (_, k) => next + k);
    next += size;
    return { name: input.name, shape: [...input.shape], columns };
  });
}

/** The prediction of a one-output model, whether it came as a tensor or as an array of one. */
export function firstOutput(output: Tensor | Tensor[]): Tensor {
  return Array.isArray(output) ? (output[0] as Tensor) : output;
}

/** The size of the model's output for one sample. */
export function outputSize(model: Sequential | Model, inputShape: Shape): number {
  const shape = model instanceof Sequential ? model.outputShape([1, ...inputShape]) : (model.outputShapes(model.inputs.map((i) => [1, ...i.shape]))[0] as Shape);
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

export interface ModelData {
  readonly data: CsvDataset;
  /** Normalised features shaped for the model (one tensor per input of a graph with several). */
  readonly x: Tensor | Tensor[];
  /** Targets shaped for the loss, when the file has labels. */
  readonly y: Tensor | undefined;
}

/** Feature names of a model trained on a file without a header ("column 1", …): no names to match. */
function positionalNames(features: readonly string[]): boolean {
  return features.every((name, i) => name === `column ${i + 1}`);
}

/**
 * Reads a CSV for a trained model. With a header, the features are taken by name (any order, extra
 * columns ignored, a missing one is an error naming it) and the label by its name; without one, by
 * position: the features, and the label column when the file has one more column. `requireLabel`
 * false (predict) ignores a label column without reading it.
 */
export function readDataForModel(file: string, meta: CliMetadata, model: Sequential | Model, requireLabel: boolean): ModelData {
  const count = meta.features.length;
  const labelName = meta.label === undefined ? 'the label' : `the label "${meta.label}"`;
  const select: SelectColumns = (names, hasHeader) => {
    if (hasHeader && !positionalNames(meta.features)) {
      const missing = meta.features.filter((name) => !names.includes(name));
      if (missing.length > 0) {
        throw new DataError(
          `${file}: missing the feature column${missing.length > 1 ? 's' : ''} ${missing.map((n) => JSON.stringify(n)).join(', ')} ` +
            `the model was trained on; the file has ${names.map((n) => JSON.stringify(n)).join(', ')}`,
        );
      }
      const features = meta.features.map((name) => names.indexOf(name));
      if (!requireLabel) return { features, label: -1 };
      const label = meta.label === undefined ? -1 : names.indexOf(meta.label);
      if (label < 0) {
        throw new DataError(`${file}: missing ${labelName} column to evaluate against; the file has ${names.map((n) => JSON.stringify(n)).join(', ')}`);
      }
      return { features, label };
    }
    const columns = names.length;
    if (columns === count + 1 || (columns === count && !requireLabel)) {
      const label = columns === count ? -1 : resolveLabel(meta.labelColumn, names, hasHeader, file);
      const features = names.map((_, i) => i).filter((i) => i !== label);
      return { features, label: requireLabel ? label : -1 };
    }
    throw new DataError(
      `${file}: expected ${count + 1} columns (${count} features and ${labelName})` +
        `${requireLabel ? '' : ` or ${count} (features only)`}, got ${columns}`,
    );
  };
  const numClasses = meta.classes ? undefined : classCount(meta.task, outputSize(model, meta.inputShape));
  const data = loadCsv(
    file,
    { classes: meta.classes, ...(numClasses !== undefined ? { numClasses } : {}) },
    select,
  );
  const x = modelInputs(applyNormalizer(meta.normalizer, data.x), meta);
  return { data, x, y: data.y ? targetsFor(meta.task, data.y) : undefined };
}
