import { buildLoss, buildOptimizer, buildSchedule, saveModel, type EpochLogs, type History } from '../../src';
import { loadConfig, type KubikiConfig } from '../../src/config';
import { buildModel } from '../buildModel';
import { createProgress } from '../progress';
import { fmt } from '../format';
import { ensureDirectoryFor, writeFileAtomic } from '../run';
import { csvTrainingData } from '../csvData';
import { textTrainingData } from '../textData';
import { resolve } from 'node:path';

export interface TrainOptions {
  config: string;
  epochs?: number;
  seed?: number;
  output?: string;
  quiet?: boolean;
}

/**
 * kubiki train: validate the config, read and split the data (a CSV, or a text file of lines for a
 * language model), fit the normaliser on the training part, train with progress, evaluate the test
 * file (and a language model's held-out words), then write the model and the history. Nothing
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

  const model = buildModel(config, training.seed);
  const data = config.data.text !== undefined ? textTrainingData(config, model) : csvTrainingData(config, model);
  const loss = buildLoss(config.loss);
  const optimizer = buildOptimizer(config.optimizer);
  const mode = options.quiet ? 'quiet' : process.stdout.isTTY ? 'bar' : 'lines';
  const progress = createProgress(training.epochs, mode);
  const say = (line: string): void => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  say(data.description);

  let history: History;
  try {
    history = model.fit(data.x, data.y, {
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
  for (const line of data.results(model, loss)) process.stdout.write(`${line}\n`);

  model.metadata = { ...data.metadata };
  saveModel(model, output.model);
  writeFileAtomic(output.history, historyCsv(history), 'output.history');
  say(`Saved the model to ${output.model} and the history to ${output.history}`);
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
