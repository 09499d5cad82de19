import {
  applyNormalizer,
  buildLoss,
  DataError,
  fitNormalizer,
  loadCsv,
  splitIndices,
  takeRows,
  type CsvDataset,
  type Normalizer,
  type Sequential,
  type Tensor,
} from '../src';
import type { KubikiConfig } from '../src/config';
import { fmt } from './format';
import type { TrainingData } from './trainingData';
import { classCount, inputsFor, outputSize, targetsFor, taskOf } from './task';

/**
 * CSV training data: numeric feature columns and a label column, split by a seeded shuffle, the
 * normaliser fitted on the training part. With data.sequence the feature columns of a row are
 * [steps, features] in step-major order, and the normaliser's statistics are per feature, pooled
 * over the steps (a time series is scaled the same way at every step).
 */
export function csvTrainingData(config: KubikiConfig, model: Sequential): TrainingData {
  const task = taskOf(buildLoss(config.loss));
  const train = config.data.train as string;
  const outputs = outputSize(model, config.model.inputShape);
  const numClasses = classCount(task, outputs);
  if (task === 'regression' && outputs !== 1) {
    throw new DataError(
      `model: a regression model must have 1 output for the one label column, got ${outputs} (the last layer's output size)`,
    );
  }
  const all = loadCsv(train, {
    label: config.data.label,
    ...(config.data.header !== undefined ? { header: config.data.header } : {}),
    ...(numClasses !== undefined ? { numClasses } : {}),
  });
  checkFeatures(all, config, train);
  if (task === 'regression' && all.classes) {
    throw new DataError(
      `${train}: ${config.loss.type} needs numeric labels, but the label column "${all.labelName}" holds names ` +
        `(${all.classes.slice(0, 3).join(', ')}…); use CrossEntropyLoss for classes`,
    );
  }
  if (all.classes && numClasses !== undefined && all.classes.length > numClasses) {
    throw new DataError(
      `${train}: the label column has ${all.classes.length} classes (${all.classes.join(', ')}), ` +
        `but the model has ${outputs} outputs; set the last layer's outputSize to ${all.classes.length}`,
    );
  }

  const { training } = config;
  const split = splitIndices(all.x.shape[0] as number, config.data.validationSplit, training.seed);
  const trainX = takeRows(all.x, split.train);
  const normalizer = fitSequenceNormalizer(config, trainX);
  const prepare = (x: Tensor): Tensor => inputsFor(applyNormalizer(normalizer, x), config.model.inputShape);
  const targets = (y: Tensor): Tensor => targetsFor(task, y);
  const y = all.y as Tensor;
  const validation: [Tensor, Tensor] | undefined =
    split.validation.length > 0
      ? [prepare(takeRows(all.x, split.validation)), targets(takeRows(y, split.validation))]
      : undefined;
  let test: CsvDataset | undefined;
  if (config.data.test !== undefined) {
    test = loadCsv(config.data.test, {
      label: config.data.label,
      ...(config.data.header !== undefined ? { header: config.data.header } : {}),
      ...(all.classes ? { classes: all.classes } : numClasses !== undefined ? { numClasses } : {}),
    });
    checkFeatures(test, config, config.data.test);
  }
  const metrics = task === 'regression' ? [] : (['accuracy'] as const);
  const shape = config.data.sequence ? `sequences of ${config.data.sequence.steps} steps × ${config.data.sequence.features} features` : `${all.featureNames.length} features`;
  return {
    x: prepare(trainX),
    y: targets(takeRows(y, split.train)),
    validation,
    metrics,
    description:
      `Training on ${split.train.length} rows` +
      (validation ? `, validating on ${split.validation.length}` : '') +
      ` (${shape}, ${task}${all.classes ? `: ${all.classes.join(', ')}` : ''})`,
    metadata: {
      task,
      loss: config.loss,
      inputShape: [...config.model.inputShape],
      features: [...all.featureNames],
      label: all.labelName,
      labelColumn: config.data.label,
      classes: all.classes ? [...all.classes] : undefined,
      normalizer,
      text: undefined,
    },
    results(trained, loss) {
      if (!test) return [];
      const result = trained.evaluate(prepare(test.x), targets(test.y as Tensor), { loss, metrics: [...metrics] });
      const accuracy = result.accuracy === undefined ? '' : ` - accuracy: ${fmt(result.accuracy)}`;
      return [`Test (${test.x.shape[0]} rows): loss: ${fmt(result.loss)}${accuracy}`];
    },
  };
}

/** Per-column statistics, or for data.sequence per feature over all steps, repeated for every step's columns. */
export function fitSequenceNormalizer(config: KubikiConfig, trainX: Tensor): Normalizer {
  const sequence = config.data.sequence;
  if (!sequence || config.data.normalize === 'none') return fitNormalizer(config.data.normalize, trainX);
  const { steps, features } = sequence;
  const pooled = fitNormalizer(config.data.normalize, trainX.reshape([(trainX.shape[0] as number) * steps, features]));
  const tile = (values: readonly number[]): number[] => Array.from({ length: steps * features }, (_, i) => values[i % features] as number);
  if (pooled.type === 'standard') return { type: 'standard', mean: tile(pooled.mean), std: tile(pooled.std) };
  if (pooled.type === 'minmax') return { type: 'minmax', min: tile(pooled.min), max: tile(pooled.max) };
  return pooled;
}

function checkFeatures(data: CsvDataset, config: KubikiConfig, file: string): void {
  const expected = config.model.inputShape.reduce((a, b) => a * b, 1);
  const got = data.featureNames.length;
  if (got === expected) return;
  const sequence = config.data.sequence;
  const source = sequence
    ? `data.sequence: ${sequence.steps} steps × ${sequence.features} features`
    : `model.inputShape [${config.model.inputShape.join(', ')}]`;
  throw new DataError(`${file}: expected ${expected} feature columns (${source}) besides the label, got ${got}`);
}
