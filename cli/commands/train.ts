import {
  applyNormalizer,
  buildLoss,
  buildOptimizer,
  buildSchedule,
  ConfigError,
  DataError,
  evaluate,
  fit,
  loadCheckpoint,
  loadOptimizerState,
  saveCheckpoint,
  type FitState,
  loadCsv,
  saveModel,
  Model,
  type Sequential,
  splitIndices,
  takeRows,
  type CsvDataset,
  type EpochLogs,
  type History,
  type Loss,
  type Tensor,
} from '../../src';
import { loadConfig, type KubikiConfig } from '../../src/config';
import { buildModel } from '../buildModel';
import { createProgress } from '../progress';
import { fmt } from '../format';
import { ensureDirectoryFor, writeFileAtomic } from '../run';
import { modelInputs, outputSize, readMetadata, resolveInputColumns, targetsFor, taskOf, type Task } from '../task';
import { evaluationOf, historyCsv, writeReport } from './report';
import { textTrainingData } from '../textData';
import { fitSequenceNormalizer } from '../csvData';
import type { TrainingData } from '../trainingData';
import { checkDistinctPaths } from '../../src/config/checkPaths';
import { indexOutside } from '../../src/kernels';
import { basename, dirname, join, resolve } from 'node:path';

export interface TrainOptions {
  config: string;
  epochs?: number;
  seed?: number;
  output?: string;
  quiet?: boolean;
  /** Also write an HTML training report here (records the per-layer norms). */
  report?: string;
  /** Continue from training.checkpoint.path (from the start when there is no checkpoint yet). */
  resume?: boolean;
}

/**
 * kubiki train: validate the config, read and split the data, fit the normaliser on the training
 * part, train with progress, evaluate the test file, then write the model and the history. Nothing
 * is written unless training finished: a diverging run leaves an existing model file untouched.
 */
export async function train(options: TrainOptions): Promise<void> {
  const loaded = loadConfig(options.config);
  const config: KubikiConfig = {
    ...loaded,
    training: {
      ...loaded.training,
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
    // --output moves the history beside the given model rather than over the config's history file.
    output:
      options.output !== undefined
        ? { model: resolve(options.output), history: join(dirname(resolve(options.output)), basename(loaded.output.history)) }
        : loaded.output,
  };
  const { training, output } = config;
  checkDistinctPaths(config.file, [
    ['data.train', config.data.train],
    ['data.test', config.data.test],
    [options.output !== undefined ? '--output' : 'output.model', output.model],
    ['output.history', output.history],
    ['training.checkpoint.path', training.checkpoint?.path],
  ]);
  if (options.resume && !training.checkpoint) {
    throw new ConfigError(`${config.file}: --resume needs training.checkpoint: { "path": "out/ckpt.kubiki.json", "every": 1 } in the config`);
  }
  ensureDirectoryFor(output.model, options.output !== undefined ? '--output' : 'output.model');
  ensureDirectoryFor(output.history, 'output.history');
  if (training.checkpoint) ensureDirectoryFor(training.checkpoint.path, 'training.checkpoint.path');

  const loss = buildLoss(config.loss);
  const task = taskOf(loss);
  let model = buildModel(config, training.seed);
  const outputs = outputSize(model, config.model.inputShape);
  checkOutputs(config, task, outputs);
  const data: TrainingData = config.data.text !== undefined ? textTrainingData(config, layerList(model, config)) : csvData(config, task, outputs, loss);

  const optimizer = buildOptimizer(config.optimizer);
  const checkpoint = options.resume && training.checkpoint ? loadCheckpoint(training.checkpoint.path) : undefined;
  if (checkpoint) {
    if (architecture(checkpoint.model) !== architecture(model)) {
      throw new DataError(
        `${training.checkpoint?.path}: the checkpoint holds another model than ${config.file} describes; ` +
          'remove the checkpoint to start afresh, or restore the config it was made with',
      );
    }
    model = checkpoint.model;
    loadOptimizerState(optimizer, checkpoint.optimizer);
  }
  const mode = options.quiet ? 'quiet' : process.stdout.isTTY ? 'bar' : 'lines';
  const progress = createProgress(training.epochs, mode);
  const say = (line: string): void => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  if (checkpoint) say(`Resuming from ${training.checkpoint?.path} at epoch ${checkpoint.fit.epoch + 1} of ${training.epochs}`);
  say(data.description);

  let history: History;
  const started = Date.now();
  try {
    history = fit(model, data.x, data.y, {
      loss,
      optimizer,
      epochs: training.epochs,
      batchSize: training.batchSize,
      shuffle: training.shuffle,
      seed: training.seed,
      ...(data.validation ? { validationData: data.validation } : {}),
      metrics: data.metrics,
      ...(config.schedule !== undefined ? { schedule: buildSchedule(config.schedule) } : {}),
      ...(training.earlyStopping ? { earlyStopping: training.earlyStopping } : {}),
      ...(training.dropLast !== undefined ? { dropLast: training.dropLast } : {}),
      ...(training.divergenceFactor !== undefined ? { divergenceFactor: training.divergenceFactor } : {}),
      ...(checkpoint ? { resume: checkpoint.fit } : {}),
      ...(training.checkpoint
        ? {
            checkpoint: {
              every: training.checkpoint.every,
              save: (state: FitState) => saveCheckpoint((training.checkpoint as { path: string }).path, model, optimizer, state),
            },
          }
        : {}),
      onEpochBegin: (epoch, info) => progress.epochBegin(epoch, info.batches),
      onBatchEnd: (_batch, logs) => progress.batchEnd(logs),
      onEpochEnd: (epoch: number, logs: EpochLogs) => progress.epochEnd(epoch, logs),
      ...(options.report !== undefined ? { recordNorms: true } : {}),
    });
  } finally {
    progress.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  if (history.stoppedEarly) {
    say(
      `Early stopping after epoch ${history.epoch.length}: no improvement for ${training.earlyStopping?.patience ?? 0} epochs` +
        (training.earlyStopping?.restoreBest ? `; restored the weights of epoch ${(history.bestEpoch ?? 0) + 1}` : ''),
    );
  }

  // Quiet or not, the final metrics are the point of the run: those of the weights being saved.
  const last = history.bestEpoch !== undefined && training.earlyStopping?.restoreBest ? history.bestEpoch : history.epoch.length - 1;
  process.stdout.write(`Final (epoch ${last + 1}): ${finalMetrics(history, last)}\n`);
  for (const line of data.results(model, loss)) process.stdout.write(`${line}\n`);
  model.metadata = { ...data.metadata };
  saveModel(model, output.model);
  writeFileAtomic(output.history, historyCsv(history), 'output.history');
  say(`Saved the model to ${output.model} and the history to ${output.history}`);
  if (options.report !== undefined) {
    const scoring = data.scoring;
    if (!scoring) throw new ConfigError(`${config.file}: --report: training reports score a classifier or a regression on CSV data; a language model (data.text) has none yet`);
    const path = resolve(options.report);
    await writeReport(path, {
      title: `kubiki training report: ${options.config}`,
      history,
      evaluation: evaluationOf(model, readMetadata(model, output.model), scoring.x, scoring.y, scoring.classes, scoring.dataset),
      summary: model.summary(config.model.inputShape),
      config: loaded,
      facts: [
        ['config', options.config],
        ['training time', `${seconds.toFixed(2)} s (${history.epoch.length} epochs, ${(seconds / Math.max(1, history.epoch.length)).toFixed(3)} s per epoch)`],
        ['rows', scoring.rows],
        ['model', output.model],
        ['generated', new Date().toISOString()],
      ],
    });
    say(`Wrote the report to ${path}`);
  }
}

/** data.text trains a language model, a list of layers (Embedding first): not a graph. */
function layerList(model: Sequential | Model, config: KubikiConfig): Sequential {
  if (model instanceof Model) {
    throw new ConfigError(`${config.file}: data.text: expected "model.layers" (a list of layers, Embedding first), got a graph model; give the language model as a layer list`);
  }
  return model;
}

/** The layers and connections of a model (its file without the weights), to match a checkpoint against the config. */
function architecture(model: Sequential | Model): string {
  const document = model.toJSON() as { layers?: unknown; graph?: unknown };
  return JSON.stringify(document.graph ?? document.layers);
}

/** The CSV path: feature columns and a label column, split, normalised on the training part (with data.sequence, per feature over the steps). */
function csvData(config: KubikiConfig, task: Task, outputs: number, loss: Loss): TrainingData {
  const { training } = config;
  const train = config.data.train as string;
  const numClasses = task === 'classification' ? outputs : undefined;
  const all = loadCsv(train, {
    label: config.data.label,
    ...(config.data.header !== undefined ? { header: config.data.header } : {}),
    ...(numClasses !== undefined ? { numClasses } : {}),
  });
  checkFeatures(all, config, train);
  checkLabels(all, config, task, outputs, train);
  const layout = {
    inputShape: config.model.inputShape,
    ...(config.model.graph ? { inputs: resolveInputColumns(config.model.graph.inputs, all.featureNames, config.file) } : {}),
  };

  const split = splitIndices(all.x.shape[0] as number, config.data.validationSplit, training.seed, `data.validationSplit (of ${train})`);
  const trainX = takeRows(all.x, split.train);
  const normalizer = fitSequenceNormalizer(config, trainX);
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
    checkLabels(test, config, task, outputs, config.data.test);
  }

  const metrics = task === 'regression' ? [] : (['accuracy'] as const);
  const rowsLine = (tests?: number): string =>
    `${split.train.length} training, ${split.validation.length} validation${tests !== undefined ? `, ${tests} test` : ''}`;
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
      ...(layout.inputs ? { inputs: layout.inputs } : {}),
    },
    scoring: test
      ? { x: prepare(test.x), y: targets(test.y as Tensor), dataset: config.data.test as string, classes: all.classes, rows: rowsLine(test.x.shape[0] as number) }
      : validation
        ? { x: validation[0], y: validation[1], dataset: `${train} (validation rows)`, classes: all.classes, rows: rowsLine() }
        : { x: prepare(trainX), y: targets(takeRows(y, split.train)), dataset: `${train} (training rows)`, classes: all.classes, rows: rowsLine() },
    results(trained) {
      if (!test) return [];
      const result = evaluate(trained, prepare(test.x), targets(test.y as Tensor), { loss, metrics: [...metrics] });
      const accuracy = result.accuracy === undefined ? '' : ` - accuracy: ${fmt(result.accuracy)}`;
      return [`Test (${test.x.shape[0]} rows): loss: ${fmt(result.loss)}${accuracy}`];
    },
  };
}

/** The last layer against the loss: one output for regression and BCE, two or more for CrossEntropy/NLL. */
function checkOutputs(config: KubikiConfig, task: Task, outputs: number): void {
  const last = `model.layers[${config.model.layers.length - 1}]`;
  if (task === 'regression' && outputs !== 1) {
    throw new DataError(
      `model: a regression model must have 1 output for the one label column, got ${outputs} (the last layer's output size)`,
    );
  }
  if (task === 'binary' && outputs !== 1) {
    throw new ConfigError(
      `${config.file}: ${last}: ${config.loss.type} expects 1 output (the probability or logit of class 1), got ${outputs}; ` +
        `set the last layer's outputSize to 1, or use CrossEntropyLoss for ${outputs} classes`,
    );
  }
  if (task === 'classification' && outputs < 2) {
    throw new ConfigError(
      `${config.file}: loss: ${config.loss.type} needs at least 2 outputs (one per class), got ${outputs} (${last}); ` +
        'for two classes with one output use BCEWithLogitsLoss, or set outputSize to the number of classes',
    );
  }
}

/** Labels against the loss and the outputs: as many class names as outputs, 0/1 targets for the BCE losses. */
function checkLabels(data: CsvDataset, config: KubikiConfig, task: Task, outputs: number, where: string): void {
  const classes = data.classes;
  if (task === 'regression' && classes) {
    throw new DataError(
      `${where}: ${config.loss.type} needs numeric labels, but the label column "${data.labelName}" holds names ` +
        `(${classes.slice(0, 3).join(', ')}…); use CrossEntropyLoss for classes`,
    );
  }
  if (task === 'binary') {
    const many = classes ? classes.length > 2 : false;
    const bad = classes ? -1 : firstOutside01(data.y as Tensor);
    if (many || bad >= 0) {
      const got = classes
        ? `${classes.length} classes (${classes.join(', ')})`
        : `the label ${(data.y as Tensor).data[bad]} at line ${data.lines[bad]}`;
      throw new DataError(
        `${where}: ${config.loss.type} is for two classes (or multi-label 0/1 targets), but the label column "${data.labelName}" has ${got}; ` +
          `use CrossEntropyLoss with the last layer's outputSize set to the number of classes`,
      );
    }
  }
  if (task === 'classification' && classes && classes.length !== outputs) {
    throw new DataError(
      `${where}: the label column has ${classes.length} classes (${classes.join(', ')}), ` +
        `but the model has ${outputs} outputs; set the last layer's outputSize to ${classes.length}`,
    );
  }
}

function firstOutside01(y: Tensor): number {
  return indexOutside(y.data, 0, 1);
}

function checkFeatures(data: CsvDataset, config: KubikiConfig, file: string): void {
  // A graph whose inputs name their columns may use some of the file's columns only.
  if (config.model.graph?.inputs.some((input) => input.columns !== undefined)) return;
  const expected = config.model.inputShape.reduce((a, b) => a * b, 1);
  const got = data.featureNames.length;
  if (got !== expected) {
    throw new DataError(
      `${file}: expected ${expected} feature columns (${config.data.sequence ? `data.sequence: ${config.data.sequence.steps} steps × ${config.data.sequence.features} features` : `model.inputShape [${config.model.inputShape.join(', ')}]`}) besides the label, got ${got}`,
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
