import { InvalidArgumentError, type Command } from 'commander';
import { exportOnnx, exportTfjs, loadModel, Sequential } from '../../src';
import { print } from '../format';
import { intOption, UsageError } from '../run';

export interface ExportOptions {
  model: string;
  format: string;
  output: string;
  opset?: number;
  inputShape?: number[];
}

export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;

/**
 * kubiki export: a kubiki model file → a TF.js layers model (a directory with model.json and
 * weights.bin) or an ONNX file. The input shape comes from the model's metadata (kubiki train
 * stores it), else from its layers; --input-shape overrides both.
 */
export function exportModel(options: ExportOptions): void {
  const format = options.format;
  if (format !== 'tfjs' && format !== 'onnx') {
    throw new UsageError(`export: expected --format ${EXPORT_FORMATS.join(' or ')}, got "${format}"`);
  }
  if (format === 'tfjs' && options.opset !== undefined) {
    throw new UsageError('export: --opset applies to --format onnx only');
  }
  const model = loadModel(options.model);
  const inputShape = options.inputShape;
  if (format === 'tfjs') {
    exportTfjs(model, options.output, { inputShape });
    print(`Wrote ${options.output}/model.json and weights.bin (TF.js layers model; tf.loadLayersModel reads it)`);
  } else {
    exportOnnx(model, options.output, { opset: options.opset ?? 13, inputShape });
    const names =
      model instanceof Sequential
        ? 'input "input", output "output"'
        : `inputs ${model.inputs.map((i) => `"${i.name}"`).join(', ')}, outputs named after their nodes`;
    print(`Wrote ${options.output} (ONNX, opset ${options.opset ?? 13}; ${names})`);
  }
}

/** Adds `kubiki export` to the program. */
export function registerExport(cli: Command): void {
  cli
    .command('export')
    .description('write a kubiki model file as a TF.js layers model (a directory) or an ONNX file')
    .requiredOption('--model <file>', 'a kubiki model file')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' or '))
    .requiredOption('--output <path>', 'tfjs: the directory for model.json and weights.bin; onnx: the .onnx file')
    .option('--opset <n>', 'ONNX operator set, 13 to 22 (default 13)', intOption('--opset', 1))
    .option('--input-shape <dims>', 'one sample\'s shape without the batch, e.g. 1,28,28 (default: from the model)', shapeOption)
    .action((options: ExportOptions) => exportModel(options));
}

/** "1,28,28" → [1, 28, 28] (commander argParser). */
function shapeOption(value: string): number[] {
  const dims = value.split(',').map((d) => Number(d.trim()));
  if (dims.length === 0 || !dims.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new InvalidArgumentError('expected positive integers separated by commas, e.g. 1,28,28');
  }
  return dims;
}
