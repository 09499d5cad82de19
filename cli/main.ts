#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { evaluate } from './commands/evaluate';
import { registerExport } from './commands/export';
import { gradcheck, MAX_GRADCHECK_BATCH } from './commands/gradcheck';
import { registerImport } from './commands/import';
import { predict } from './commands/predict';
import { sample } from './commands/sample';
import { summary } from './commands/summary';
import { report, type ReportOptions } from './commands/report';
import { train, type TrainOptions } from './commands/train';
import { exitCodeOf, intOption, positiveNumberOption, reportError } from './run';

/*
 * The kubiki command. Thin on purpose: parse the command line, call the library, report.
 * Exit codes: 0 success, 1 the job failed (diverged, gradcheck failed), 2 bad usage or bad input.
 */

function version(): string {
  // dist/cli/main.js and cli/main.ts sit at different depths below package.json.
  for (const up of ['..', join('..', '..')]) {
    const file = join(__dirname, up, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

export function program(): Command {
  const cli = new Command('kubiki')
    .description('Train, evaluate and run kubiki neural networks from a JSON config and CSV data')
    .version(version())
    .option('--debug', 'print the stack trace of an error')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  cli
    .command('train')
    .description('train the model described by a config file; writes the model and the history CSV')
    .requiredOption('--config <file>', 'model.json (paths inside are relative to it)')
    .option('--epochs <n>', 'override training.epochs', intOption('--epochs', 1))
    .option('--seed <n>', 'override training.seed', intOption('--seed', 0))
    .option('--output <path>', 'override output.model (the model file)')
    .option('--quiet', 'no progress output, only the final metrics')
    .option('--resume', 'continue from training.checkpoint.path (from the start when there is no checkpoint yet)')
    .option('--report <html>', 'also write a self-contained HTML training report (curves, confusion matrix, per-layer norms)')
    .action((options: TrainOptions) => train(options));

  cli
    .command('evaluate')
    .description('loss, accuracy, per-class precision/recall and confusion matrix (MSE/MAE for regression)')
    .requiredOption('--model <file>', 'a model file written by kubiki train')
    .requiredOption('--data <csv>', 'a CSV with the same feature columns and the label column')
    .option('--json', 'machine-readable output')
    .action((options: { model: string; data: string; json?: boolean }) => evaluate(options));

  cli
    .command('predict')
    .description('one prediction per CSV row (class names where known)')
    .requiredOption('--model <file>', 'a model file written by kubiki train')
    .requiredOption('--data <csv>', 'a CSV with the feature columns (a label column is ignored)')
    .option('--output <csv>', 'write the predictions here instead of stdout')
    .option('--proba', 'add the probability of each class')
    .action((options: { model: string; data: string; output?: string; proba?: boolean }) => predict(options));

  cli
    .command('summary')
    .description('the layer table with output shapes and parameter counts')
    .option('--config <file>', 'a model.json')
    .option('--model <file>', 'a trained model file')
    .action((options: { config?: string; model?: string }) => summary(options));

  cli
    .command('gradcheck')
    .description("check every layer's backward against central differences on a random batch")
    .requiredOption('--config <file>', 'a model.json')
    .option('--batch <n>', `rows in the random batch (at most ${MAX_GRADCHECK_BATCH})`, intOption('--batch', 1, MAX_GRADCHECK_BATCH), 4)
    .option('--tolerance <x>', 'largest relative error accepted', positiveNumberOption, 1e-5)
    .action((options: { config: string; batch: number; tolerance: number }) => gradcheck(options));

  cli
    .command('report')
    .description('a self-contained HTML report: scores and confusion matrix on a CSV, the model, and the training curves of a history CSV')
    .requiredOption('--model <file>', 'a model file written by kubiki train')
    .requiredOption('--data <csv>', 'a CSV with the feature columns and the label column')
    .option('--history <csv>', 'the history CSV written by kubiki train (loss/accuracy/lr curves, norms)')
    .option('--output <html>', 'where to write the report (default: <model>.report.html next to the model)')
    .action((options: ReportOptions) => report(options));

  cli
    .command('sample')
    .description('draw words from a language model trained on data.text, one per line')
    .requiredOption('--model <file>', 'a model file written by kubiki train')
    .option('--count <n>', 'words to draw', intOption('--count', 1), 10)
    .option('--seed <n>', 'seed of the draws (the same seed gives the same words)', intOption('--seed', 0), 0)
    .option('--temperature <t>', 'below 1: safer, commoner words; above 1: stranger ones', positiveNumberOption, 1)
    .option('--max-length <n>', 'cut a word after this many characters (default: the longest trained on)', intOption('--max-length', 1))
    .action((options: { model: string; count: number; seed: number; temperature: number; maxLength?: number }) => sample(options));

  registerExport(cli);
  registerImport(cli);

  return cli;
}

export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await program().parseAsync(argv, { from: 'node' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help / version) already.
      return error.exitCode === 0 ? 0 : 2;
    }
    reportError(error, debug);
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  // `kubiki predict … | head`: a closed pipe is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
