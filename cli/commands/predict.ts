import { writeSync } from 'node:fs';
import { AtomicFile, buildLoss, loadModel, predict as predictModel, predictedLabels, probabilitiesOf, type Tensor } from '../../src';
import { ensureDirectoryFor, UsageError } from '../run';
import { firstOutput, readDataForModel, readMetadata, type CliMetadata } from '../task';

export interface PredictOptions {
  model: string;
  data: string;
  output?: string;
  proba?: boolean;
}

/** Rows predicted and written at a time: the output is streamed, never held whole. */
const BLOCK_ROWS = 4096;

/**
 * kubiki predict: one prediction per row of the CSV (class names where the model knows them), with
 * --proba the class probabilities too; streamed block by block to --output (published whole or not
 * at all, through a temporary file) or to stdout.
 */
export function predict(options: PredictOptions): void {
  const model = loadModel(options.model);
  const meta = readMetadata(model, options.model);
  if (meta.text) {
    throw new UsageError(
      `${options.model}: this is a language model; draw words with kubiki sample --model ${options.model}, or measure it on a text file with kubiki evaluate`,
    );
  }
  if (options.proba && meta.task === 'regression') {
    throw new UsageError(`--proba: the model ${options.model} predicts numbers (${meta.loss.type}), not classes; leave out --proba`);
  }
  if (options.output !== undefined) ensureDirectoryFor(options.output, '--output');
  const { x } = readDataForModel(options.data, meta, model, false);
  const inputs = Array.isArray(x) ? x : [x];
  const rows = inputs[0]?.shape[0] ?? 0;
  const file = options.output === undefined ? undefined : new AtomicFile(options.output, '--output');
  const emit = file ? (text: string) => file.write(text) : writeStdout;
  try {
    let header: string | undefined;
    for (let start = 0; start < rows; start += BLOCK_ROWS) {
      const end = Math.min(rows, start + BLOCK_ROWS);
      const inputBlock = Array.isArray(x) ? x.map((t) => t.sliceRows(start, end)) : (x as Tensor).sliceRows(start, end);
      const output = firstOutput(predictModel(model, inputBlock));
      const block = formatBlock(output, end - start, meta, options.proba === true);
      if (header === undefined) {
        header = block.header;
        emit(`${header}\n`);
      }
      emit(block.lines);
    }
    file?.commit();
  } catch (error) {
    file?.abort();
    throw error;
  }
  if (options.output !== undefined) process.stderr.write(`Wrote ${rows} predictions to ${options.output}\n`);
}

function writeStdout(text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // `kubiki predict … | head`: a closed pipe is the reader's choice, not an error.
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error; // a full non-blocking pipe: try again
    }
  }
}

/** The CSV header and the lines of one block of predictions. */
function formatBlock(output: Tensor, rows: number, meta: CliMetadata, proba: boolean): { header: string; lines: string } {
  let lines = '';
  if (meta.task === 'regression') {
    for (let r = 0; r < rows; r++) lines += `${Number((output.data[r] as number).toPrecision(7))}\n`;
    return { header: csvCell(meta.label ?? 'prediction'), lines };
  }
  const probabilities = probabilitiesOf(output, buildLoss(meta.loss).output);
  const labels = predictedLabels(probabilities);
  const cols = probabilities.size / rows;
  const names = meta.classes ?? Array.from({ length: meta.task === 'binary' ? 2 : cols }, (_, i) => String(i));
  const probaHeader = meta.task === 'binary' ? [`p_${names[1]}`] : names.map((name) => `p_${name}`);
  const header = [csvCell(meta.label ?? 'prediction'), ...(proba ? probaHeader.map(csvCell) : [])].join(',');
  for (let r = 0; r < rows; r++) {
    let line = csvCell(names[labels[r] as number] ?? String(labels[r]));
    if (proba) {
      for (let c = 0; c < cols; c++) line += `,${Number((probabilities.data[r * cols + c] as number).toPrecision(6))}`;
    }
    lines += `${line}\n`;
  }
  return { header, lines };
}

/** Quotes a CSV cell when it needs it. */
function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
