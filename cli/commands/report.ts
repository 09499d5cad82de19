import { resolve } from 'node:path';
import {
  buildLoss,
  confusionMatrix,
  DataError,
  L1Loss,
  loadModel,
  MSELoss,
  parseCsv,
  precisionRecall,
  predictedLabels,
  probabilitiesOf,
  targetLabels,
  accuracy,
  type History,
  predict,
  type Model,
  type Sequential,
  type Tensor,
} from '../../src';
import { htmlReport, type ReportData, type ReportEvaluation, type ReportHistory } from '../../src/report';
import { readText } from '../../src/util/readFile';
import { print } from '../format';
import { writeFileAtomic } from '../run';
import { firstOutput, readDataForModel, readMetadata, type CliMetadata } from '../task';

export interface ReportOptions {
  model: string;
  data: string;
  history?: string;
  output?: string;
}

/** The default report path: next to the model, "<model name>.report.html". */
export function defaultReportPath(model: string): string {
  return resolve(model.replace(/(\.kubiki)?\.json$/, '') + '.report.html');
}

/**
 * kubiki report: evaluates a trained model on a CSV and writes one self-contained HTML page
 * (src/report/htmlReport) with the confusion matrix and per-class scores (MSE/MAE for regression),
 * the model summary and, with --history, the training curves and the per-layer norms.
 */
export async function report(options: ReportOptions): Promise<void> {
  const model = loadModel(options.model);
  const meta = readMetadata(model, options.model);
  const { x, y, data } = readDataForModel(options.data, meta, model, true);
  if (!y) throw new DataError(`${options.data}: expected a label column to evaluate against, got none`);
  const history = options.history === undefined ? undefined : readHistoryCsv(options.history);
  const output = options.output ?? defaultReportPath(options.model);
  await writeReport(output, {
    title: `kubiki report: ${options.model}`,
    ...(history ? { history } : {}),
    evaluation: evaluationOf(model, meta, x, y, meta.classes ?? data.classes, options.data),
    summary: model.summary(meta.inputShape),
    facts: [
      ['model', options.model],
      ['data', options.data],
      ...(options.history !== undefined ? ([['history', options.history]] as [string, string][]) : []),
      ['task', `${meta.task} (${meta.loss.type})`],
      ['generated', new Date().toISOString()],
    ],
  });
  print(`Wrote the report to ${output}`);
}

/** Renders and writes the page atomically (a failed render leaves an existing report alone). */
export async function writeReport(path: string, data: ReportData): Promise<void> {
  const html = await htmlReport(data);
  writeFileAtomic(path, html, '--report');
}

/** The model's scores on (x, y): loss, and confusion matrix with per-class scores or MSE/MAE. */
export function evaluationOf(
  model: Sequential | Model,
  meta: CliMetadata,
  x: Tensor | readonly Tensor[],
  y: Tensor,
  classNames: readonly string[] | undefined,
  dataset: string,
): ReportEvaluation {
  const loss = buildLoss(meta.loss);
  // A graph model is scored on its first output (the one its metadata's task describes).
  const prediction = firstOutput(predict(model, x));
  const rows = y.shape[0] as number;
  const lossValue = loss.forward(prediction, y);
  if (meta.task === 'regression') {
    return {
      dataset,
      rows,
      lossName: meta.loss.type,
      loss: lossValue,
      scores: { kind: 'regression', mse: new MSELoss().forward(prediction, y), mae: new L1Loss().forward(prediction, y) },
    };
  }
  const binary = meta.task === 'binary';
  const count = binary ? 2 : prediction.size / rows;
  const classes = classNames ? [...classNames] : Array.from({ length: count }, (_, i) => String(i));
  const scores = probabilitiesOf(prediction, loss.output);
  const matrix = confusionMatrix(predictedLabels(scores), targetLabels(y, binary ? 2 : classes.length), classes.length);
  return {
    dataset,
    rows,
    lossName: meta.loss.type,
    loss: lossValue,
    scores: { kind: 'classification', classes, confusionMatrix: matrix, ...precisionRecall(matrix), accuracy: accuracy(scores, y) },
  };
}

const BASE_COLUMNS = ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr'] as const;

/**
 * The history CSV `kubiki train` writes: epoch,loss,accuracy,valLoss,valAccuracy,lr, then with
 * --report gradNorm:<param> and weightNorm:<param> columns. Empty cells are metrics not computed.
 */
export function historyCsv(history: History): string {
  const params = Object.keys(history.norms ?? {});
  const header = [...BASE_COLUMNS, ...params.flatMap((p) => [`gradNorm:${p}`, `weightNorm:${p}`])];
  const cell = (values: readonly number[] | undefined, i: number): string => (values?.[i] === undefined ? '' : String(values[i]));
  const lines = [header.join(',')];
  history.epoch.forEach((epoch, i) => {
    const norms = params.flatMap((p) => [cell(history.norms?.[p]?.grad, i), cell(history.norms?.[p]?.weight, i)]);
    lines.push(
      [String(epoch), cell(history.loss, i), cell(history.accuracy, i), cell(history.valLoss, i), cell(history.valAccuracy, i), cell(history.lr, i), ...norms].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

/** Reads a history CSV back (historyCsv's format); errors name the file, line and column. */
export function readHistoryCsv(file: string): ReportHistory {
  const text = readText(file, (reason) => new DataError(`${file}: cannot read the history file (${reason})`));
  const [head, ...records] = parseCsv(text, file);
  const header = head?.cells ?? [];
  if (header[0] !== 'epoch' || header[1] !== 'loss') {
    throw new DataError(`${file}:1: expected a history CSV written by kubiki train (header "epoch,loss,…"), got ${JSON.stringify(header.slice(0, 3).join(','))}`);
  }
  const columns = new Map<string, number[]>(header.map((name) => [name, []]));
  for (const record of records) {
    record.cells.forEach((cell, c) => {
      if (cell === '') return;
      const value = Number(cell);
      if (!Number.isFinite(value) && cell !== 'NaN') {
        throw new DataError(`${file}:${record.line}: column "${header[c]}": expected a number, got ${JSON.stringify(cell)}`);
      }
      columns.get(header[c] as string)?.push(value);
    });
  }
  const column = (name: string): number[] | undefined => {
    const values = columns.get(name);
    return values && values.length > 0 ? values : undefined;
  };
  const history: { -readonly [K in keyof ReportHistory]: ReportHistory[K] } = {
    epoch: column('epoch') ?? [],
    loss: column('loss') ?? [],
  };
  for (const key of ['lr', 'accuracy', 'valLoss', 'valAccuracy'] as const) {
    const values = column(key);
    if (values) history[key] = values;
  }
  const norms: Record<string, { grad: number[]; weight: number[] }> = {};
  for (const name of header) {
    const match = /^(gradNorm|weightNorm):(.+)$/.exec(name);
    if (!match) continue;
    const entry = (norms[match[2] as string] ??= { grad: [], weight: [] });
    entry[match[1] === 'gradNorm' ? 'grad' : 'weight'] = columns.get(name) ?? [];
  }
  if (Object.keys(norms).length > 0) history.norms = norms;
  return history;
}
