import type { Command } from 'commander';
import { exportOnnx, exportTfjs, loadModel } from '../../src';
import { print } from '../format';
import { intOption, UsageError } from '../run';

export interface ExportOptions {
  model: string;
  format: string;
  output: string;
  opset?: number;
}

export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;

/**
 * kubiki export: a kubiki model file → a TF.js layers model (a directory with model.json and
 * weights.bin) or an ONNX file. The input shape comes from the model's metadata (kubiki train
 * stores it) or is inferred from its layers.
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
  if (format === 'tfjs') {
    exportTfjs(model, options.output);
    print(`Wrote ${options.output}/model.json and weights.bin (TF.js layers model; tf.loadLayersModel reads it)`);
  } else {
    exportOnnx(model, options.output, { opset: options.opset ?? 13 });
    print(`Wrote ${options.output} (ONNX, opset ${options.opset ?? 13}; input "input", output "output")`);
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
    .action((options: ExportOptions) => exportModel(options));
}
