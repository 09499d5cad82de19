import type { Command } from 'commander';
import { DataError, importKerasJson, importTfjs, Model, saveModel, Tensor, type NestedArray, type Sequential } from '../../src';
import { print } from '../format';
import { ensureDirectoryFor, UsageError } from '../run';
import { readText as readFileText } from '../../src/util/readFile';

export interface ImportOptions {
  format: string;
  input: string;
  output: string;
  weights?: string;
  channelsLast?: string;
}

export const IMPORT_FORMATS = ['tfjs', 'keras'] as const;

/**
 * kubiki import: a TF.js layers model (its directory or model.json) or a Keras `model.to_json()`
 * file, Sequential or functional, → a kubiki model file (a graph file for a functional model). Keras weights may come as a JSON file holding the list
 * `[w.tolist() for w in model.get_weights()]`; without it the layers keep fresh initial values.
 * `--channels-last transpose` turns an NHWC image model into the NCHW one (inputs [C, H, W]).
 */
export function importModel(options: ImportOptions): void {
  const format = options.format;
  if (format !== 'tfjs' && format !== 'keras') {
    throw new UsageError(`import: expected --format ${IMPORT_FORMATS.join(' or ')}, got "${format}"`);
  }
  if (format === 'tfjs' && options.weights !== undefined) {
    throw new UsageError('import: --weights applies to --format keras only (TF.js models carry their weights)');
  }
  const channelsLast = options.channelsLast;
  if (channelsLast !== undefined && channelsLast !== 'transpose' && channelsLast !== 'error') {
    throw new UsageError(`import: expected --channels-last transpose or error, got "${channelsLast}"`);
  }
  ensureDirectoryFor(options.output, 'import: --output'); // before any work, so a bad path fails fast
  let model: Sequential | Model;
  if (format === 'tfjs') {
    model = importTfjs(options.input, { channelsLast });
  } else {
    const weights = options.weights === undefined ? undefined : readWeightList(options.weights);
    if (weights === undefined) {
      process.stderr.write(
        'warning: import: no --weights given; the layers keep fresh random initial values (an untrained model). ' +
          'Pass --weights with [w.tolist() for w in model.get_weights()] to import trained weights\n',
      );
    }
    model = importKerasJson(readText(options.input, 'import: --input'), weights, { channelsLast });
  }
  saveModel(model, options.output);
  const count = model.paramGrads().reduce((n, p) => n + p.value.size, 0);
  const shapes = model instanceof Model ? `inputs ${model.inputs.map((i) => `${i.name} [${i.shape.join(',')}]`).join(', ')}` : `input shape [${String(model.metadata.inputShape)}]`;
  print(`Wrote ${options.output}: ${model.layers.length} layers, ${count} parameters, ${shapes}`);
}

function readText(path: string, what: string): string {
  return readFileText(path, (reason) => new DataError(`${what}: cannot read "${path}": ${reason}`));
}

/** A JSON list of nested number arrays (Keras get_weights() order) → Tensors. */
function readWeightList(path: string): Tensor[] {
  let list: unknown;
  try {
    list = JSON.parse(readText(path, 'import: --weights'));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`import: --weights "${path}": expected JSON, but it does not parse: ${(error as Error).message}`);
  }
  if (!Array.isArray(list)) {
    throw new DataError(`import: --weights "${path}": expected a JSON list of arrays (model.get_weights() order), got ${typeof list}`);
  }
  return list.map((w: unknown, i) => {
    try {
      return Tensor.from(w as NestedArray);
    } catch (error) {
      throw new DataError(`import: --weights "${path}" [${i}]: ${(error as Error).message}`);
    }
  });
}

/** Adds `kubiki import` to the program. */
export function registerImport(cli: Command): void {
  cli
    .command('import')
    .description('turn a TF.js layers model or a Keras model.to_json() file into a kubiki model file')
    .requiredOption('--format <format>', IMPORT_FORMATS.join(' or '))
    .requiredOption('--input <path>', 'tfjs: the model directory or its model.json; keras: the model.to_json() file')
    .requiredOption('--output <file>', 'the kubiki model file to write')
    .option('--weights <file>', 'keras: JSON list [w.tolist() for w in model.get_weights()]')
    .option('--channels-last <mode>', 'channels_last (NHWC) images: "error" (default) or "transpose" to an NCHW model')
    .action((options: ImportOptions) => importModel(options));
}
