import {
  applyNormalizer,
  csvDataset,
  DataError,
  parseCsv,
  Tensor,
  type CsvDataset,
  type LabelColumn,
  type LossConfig,
  type Normalizer,
  type Model,
  Sequential,
  type Shape,
} from '../src';
import { isNormalizer } from '../src/data/Normalizer';
import { readFileSync } from 'node:fs';

/**
 * What a model predicts, decided by its loss: class indices (CrossEntropyLoss, NLLLoss), a binary
 * label from one probability or logit (BCELoss, BCEWithLogitsLoss), or numbers (MSE, L1, Huber).
 */
export type Task = 'classification' | 'binary' | 'regression';

export function taskOf(loss: LossConfig): Task {
  switch (loss.type) {
    case 'CrossEntropyLoss':
    case 'NLLLoss':
      return 'classification';
    case 'BCELoss':
    case 'BCEWithLogitsLoss':
      return 'binary';
    default:
      return 'regression';
  }
}

/** What `kubiki train` stores in the model file's metadata, so evaluate/predict read data the same way. */
export interface CliMetadata {
  task: Task;
  loss: LossConfig;
  /** One sample's shape, without the batch. */
  inputShape: number[];
  features: string[];
  label: string | undefined;
  labelColumn: LabelColumn;
  classes: string[] | undefined;
  normalizer: Normalizer;
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
  const inputShape = meta.inputShape ?? (typeof first?.inputSize === 'number' ? [first.inputSize] : undefined);
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    bad('inputShape', 'the shape of one sample (positive integers)');
  }
  const outputs = outputSize(model, inputShape as number[]);
  const loss = meta.loss ?? { type: outputs > 1 ? 'CrossEntropyLoss' : 'MSELoss' };
  if (typeof loss !== 'object' || typeof loss.type !== 'string') bad('loss', 'a loss config { "type": … }');
  const classes = meta.classes;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) {
    bad('classes', 'an array of class names');
  }
  const normalizer = meta.normalizer ?? { type: 'none' };
  if (!isNormalizer(normalizer)) bad('normalizer', 'a normalizer { "type": "none" | "standard" | "minmax", … }');
  const size = (inputShape as number[]).reduce((a, b) => a * b, 1);
  const features = meta.features ?? Array.from({ length: size }, (_, i) => `column ${i + 1}`);
  return {
    task: meta.task ?? taskOf(loss as LossConfig),
    loss: loss as LossConfig,
    inputShape: inputShape as number[],
    features,
    label: meta.label,
    labelColumn: meta.labelColumn ?? 'last',
    classes,
    normalizer: normalizer as Normalizer,
  };
}

/** The size of the model's output for one sample. */
export function outputSize(model: Sequential | Model, inputShape: Shape): number {
  const shape = model.outputShape([1, ...inputShape]);
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

export interface ModelData {
  readonly data: CsvDataset;
  /** Normalised features shaped for the model. */
  readonly x: Tensor;
  /** Targets shaped for the loss, when the file has labels. */
  readonly y: Tensor | undefined;
}

/**
 * Reads a CSV for a trained model: the same feature columns, the label column when present (the
 * file has one more column than the features), the classes and normalisation stored at training.
 */
export function readDataForModel(file: string, meta: CliMetadata, model: Sequential | Model, requireLabel: boolean): ModelData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(`${file}: cannot read the data file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  const records = parseCsv(text, file);
  const columns = records[0]?.cells.length ?? 0;
  const features = meta.features.length;
  const labelName = meta.label === undefined ? 'the label' : `the label "${meta.label}"`;
  let label: LabelColumn | null;
  if (columns === features + 1) label = meta.labelColumn;
  else if (columns === features && !requireLabel) label = null;
  else if (records.length === 0) label = null; // csvDataset reports the empty file
  else {
    throw new DataError(
      `${file}: expected ${features + 1} columns (${features} features and ${labelName})` +
        `${requireLabel ? '' : ` or ${features} (features only)`}, got ${columns}`,
    );
  }
  const numClasses = meta.classes ? undefined : classCount(meta.task, outputSize(model, meta.inputShape));
  const data = csvDataset(records, file, {
    label,
    classes: meta.classes,
    ...(numClasses !== undefined ? { numClasses } : {}),
  });
  const x = inputsFor(applyNormalizer(meta.normalizer, data.x), meta.inputShape);
  return { data, x, y: data.y ? targetsFor(meta.task, data.y) : undefined };
}
