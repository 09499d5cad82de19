import {
  applyNormalizer,
  buildLoss,
  buildOptimizer,
  buildSchedule,
  DataError,
  evaluate,
  fit,
  fitNormalizer,
  loadCsv,
  saveModel,
  splitIndices,
  takeRows,
  type CsvDataset,
  type EpochLogs,
  type History,
  type Tensor,
} from '../../src';
import { loadConfig, type KubikiConfig } from '../../src/config';
import { buildModel } from '../buildModel';
import { createProgress } from '../progress';
import { fmt } from '../format';
import { ensureDirectoryFor, writeFileAtomic } from '../run';
import { classCount, modelInputs, outputSize, resolveInputColumns, targetsFor, taskOf, type CliMetadata } from '../task';
import { resolve } from 'node:path';

export interface TrainOptions {
  config: string;
  epochs?: number;
  seed?: number;
  output?: string;
  quiet?: boolean;
}

/**
 * kubiki train: validate the config, read and split the data, fit the normaliser on the training
 * part, train with progress, evaluate the test file, then write the model and the history. Nothing
 * is written unless training finished: a diverging run leaves an existing model file untouched.
 */
export function train(options: TrainOptions): void {
  const loaded = loadConfig(options.config);
  const config: KubikiConfig = {
    ...loaded,
    training: {
      ...loaded.training,
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
    output: { ...loaded.output, ...(options.output !== undefined ? { model: resolve(options.output) } : {}) },
  };
  const { training, output } = config;
  ensureDirectoryFor(output.model, 'output.model');
  ensureDirectoryFor(output.history, 'output.history');

  const loss = buildLoss(config.loss);
  const task = taskOf(loss);
  const model = buildModel(config, training.seed);
  const outputs = outputSize(model, config.model.inputShape);
  const numClasses = classCount(task, outputs);
  if (task === 'regression' && outputs !== 1) {
    throw new DataError(
      `model: a regression model must have 1 output for the one label column, got ${outputs} (the last layer's output size)`,
    );
  }
  const all = loadCsv(config.data.train, {
    label: config.data.label,
    ...(config.data.header !== undefined ? { header: config.data.header } : {}),
    ...(numClasses !== undefined ? { numClasses } : {}),
  });
  checkFeatures(all, config, config.data.train);
  const layout = {
    inputShape: config.model.inputShape,
    ...(config.model.graph ? { inputs: resolveInputColumns(config.model.graph.inputs, all.featureNames, config.file) } : {}),
  };
  if (task === 'regression' && all.classes) {
    throw new DataError(
      `${config.data.train}: ${config.loss.type} needs numeric labels, but the label column "${all.labelName}" holds names ` +
        `(${all.classes.slice(0, 3).join(', ')}…); use CrossEntropyLoss for classes`,
    );
  }
  if (all.classes && numClasses !== undefined && all.classes.length > numClasses) {
    throw new DataError(
      `${config.data.train}: the label column has ${all.classes.length} classes (${all.classes.join(', ')}), ` +
        `but the model has ${outputs} outputs; set the last layer's outputSize to ${all.classes.length}`,
    );
  }

  const split = splitIndices(all.x.shape[0] as number, config.data.validationSplit, training.seed);
  const trainX = takeRows(all.x, split.train);
  const normalizer = fitNormalizer(config.data.normalize, trainX);
  const prepare = (x: Tensor): Tensor | Tensor[] => modelInputs(applyNormalizer(normalizer, x), layout);
  const targets = (y: Tensor): Tensor => targetsFor(task, y);
  const y = all.y as Tensor;
  const validation: [Tensor | Tensor[], Tensor] | undefined =
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

  const optimizer = buildOptimizer(config.optimizer);
  const metrics = task === 'regression' ? [] : (['accuracy'] as const);
  const mode = options.quiet ? 'quiet' : process.stdout.isTTY ? 'bar' : 'lines';
  const progress = createProgress(training.epochs, mode);
  const say = (line: string): void => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  say(
    `Training on ${split.train.length} rows` +
      (validation ? `, validating on ${split.validation.length}` : '') +
      ` (${all.featureNames.length} features, ${task}${all.classes ? `: ${all.classes.join(', ')}` : ''})`,
  );

  let history: History;
  try {
    history = fit(model, prepare(trainX), targets(takeRows(y, split.train)), {
      loss,
      optimizer,
      epochs: training.epochs,
      batchSize: training.batchSize,
      shuffle: training.shuffle,
      seed: training.seed,
      ...(validation ? { validationData: validation } : {}),
      metrics,
      ...(config.schedule !== undefined ? { schedule: buildSchedule(config.schedule) } : {}),
      ...(training.earlyStopping ? { earlyStopping: training.earlyStopping } : {}),
      onEpochBegin: (epoch, info) => progress.epochBegin(epoch, info.batches),
      onBatchEnd: (_batch, logs) => progress.batchEnd(logs),
      onEpochEnd: (epoch: number, logs: EpochLogs) => progress.epochEnd(epoch, logs),
    });
  } finally {
    progress.stop();
  }
  if (history.stoppedEarly) {
    say(
      `Early stopping after epoch ${history.epoch.length}: no improvement for ${training.earlyStopping?.patience ?? 0} epochs` +
        (training.earlyStopping?.restoreBest ? `; restored the weights of epoch ${(history.bestEpoch ?? 0) + 1}` : ''),
    );
  }

  // Quiet or not, the final metrics are the point of the run: those of the weights being saved.
  const last = history.bestEpoch !== undefined && training.earlyStopping?.restoreBest ? history.bestEpoch : history.epoch.length - 1;
  process.stdout.write(`Final (epoch ${last + 1}): ${finalMetrics(history, last)}\n`);
  if (test) {
    const result = evaluate(model, prepare(test.x), targets(test.y as Tensor), { loss, metrics: [...metrics] });
    const accuracy = result.accuracy === undefined ? '' : ` - accuracy: ${fmt(result.accuracy)}`;
    process.stdout.write(`Test (${test.x.shape[0]} rows): loss: ${fmt(result.loss)}${accuracy}\n`);
  }

  const metadata: CliMetadata = {
    task,
    loss: config.loss,
    inputShape: [...config.model.inputShape],
    features: [...all.featureNames],
    label: all.labelName,
    labelColumn: config.data.label,
    classes: all.classes ? [...all.classes] : undefined,
    normalizer,
    ...(layout.inputs ? { inputs: layout.inputs } : {}),
  };
  model.metadata = { ...metadata };
  saveModel(model, output.model);
  writeFileAtomic(output.history, historyCsv(history), 'output.history');
  say(`Saved the model to ${output.model} and the history to ${output.history}`);
}

function checkFeatures(data: CsvDataset, config: KubikiConfig, file: string): void {
  // A graph whose inputs name their columns may use some of the file's columns only.
  if (config.model.graph?.inputs.some((input) => input.columns !== undefined)) return;
  const expected = config.model.inputShape.reduce((a, b) => a * b, 1);
  const got = data.featureNames.length;
  if (got !== expected) {
    throw new DataError(
      `${file}: expected ${expected} feature columns (model.inputShape [${config.model.inputShape.join(', ')}]) besides the label, got ${got}`,
    );
  }
}

function finalMetrics(history: History, epoch: number): string {
  const parts = [`loss: ${fmt(history.loss[epoch] as number)}`];
  if (history.accuracy) parts.push(`accuracy: ${fmt(history.accuracy[epoch] as number)}`);
  if (history.valLoss) parts.push(`valLoss: ${fmt(history.valLoss[epoch] as number)}`);
  if (history.valAccuracy) parts.push(`valAccuracy: ${fmt(history.valAccuracy[epoch] as number)}`);
  return parts.join(' - ');
}

/** epoch,loss,accuracy,valLoss,valAccuracy,lr — empty cells where a metric was not computed. */
function historyCsv(history: History): string {
  const cell = (values: number[] | undefined, i: number): string => (values?.[i] === undefined ? '' : String(values[i]));
  const lines = ['epoch,loss,accuracy,valLoss,valAccuracy,lr'];
  history.epoch.forEach((epoch, i) => {
    lines.push(
      [String(epoch), cell(history.loss, i), cell(history.accuracy, i), cell(history.valLoss, i), cell(history.valAccuracy, i), cell(history.lr, i)].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}
