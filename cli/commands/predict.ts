import { buildLoss, loadModel, predict as predictModel, predictedLabels, probabilitiesOf } from '../../src';
import { print } from '../format';
import { writeFileAtomic } from '../run';
import { firstOutput, readDataForModel, readMetadata } from '../task';

export interface PredictOptions {
  model: string;
  data: string;
  output?: string;
  proba?: boolean;
}

/**
 * kubiki predict: one prediction per row of the CSV (class names where the model knows them), with
 * --proba the class probabilities too; to --output (written whole or not at all) or to stdout.
 */
export function predict(options: PredictOptions): void {
  const model = loadModel(options.model);
  const meta = readMetadata(model, options.model);
  const { x } = readDataForModel(options.data, meta, model, false);
  const output = firstOutput(predictModel(model, x));
  const rows = output.shape[0] as number;
  const lines: string[] = [];

  if (meta.task === 'regression') {
    lines.push(meta.label ?? 'prediction');
    for (let r = 0; r < rows; r++) lines.push(String(Number((output.data[r] as number).toPrecision(7))));
  } else {
    const probabilities = probabilitiesOf(output, buildLoss(meta.loss).output);
    const labels = predictedLabels(probabilities);
    const names = meta.classes ?? Array.from({ length: meta.task === 'binary' ? 2 : output.size / rows }, (_, i) => String(i));
    const probaHeader = meta.task === 'binary' ? [`p_${names[1]}`] : names.map((name) => `p_${name}`);
    lines.push([csvCell(meta.label ?? 'prediction'), ...(options.proba ? probaHeader.map(csvCell) : [])].join(','));
    const cols = probabilities.size / rows;
    for (let r = 0; r < rows; r++) {
      const cells = [csvCell(names[labels[r] as number] ?? String(labels[r]))];
      if (options.proba) {
        for (let c = 0; c < cols; c++) cells.push(String(Number((probabilities.data[r * cols + c] as number).toPrecision(6))));
      }
      lines.push(cells.join(','));
    }
  }
  const text = `${lines.join('\n')}\n`;
  if (options.output !== undefined) {
    writeFileAtomic(options.output, text, '--output');
    process.stderr.write(`Wrote ${rows} predictions to ${options.output}\n`);
  } else {
    process.stdout.write(text);
  }
}

/** Quotes a CSV cell when it needs it. */
function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
