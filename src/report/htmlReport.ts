import type { TopLevelSpec } from 'vega-lite';
import { curveChart, heatmapChart, type CurvePoint } from './charts';
import { renderSvg } from './renderSvg';

/*
 * A training report as one self-contained HTML page: the charts are the playground's Vega-Lite
 * specs (charts.ts) rendered to inline SVG, the tables are plain HTML, the style is inline. No
 * scripts, no network: the file opens the same anywhere, offline, and can be attached to an issue.
 */

/** Per-epoch records (the History of fit, or one read back from a history CSV). */
export interface ReportHistory {
  epoch: readonly number[];
  loss: readonly number[];
  lr?: readonly number[];
  accuracy?: readonly number[];
  valLoss?: readonly number[];
  valAccuracy?: readonly number[];
  /** Per parameter: the gradient norm (averaged over the epoch's batches) and the weight norm. */
  norms?: Readonly<Record<string, { grad: readonly number[]; weight: readonly number[] }>>;
}

/** A classifier's scores on a data set. */
export interface ClassificationReport {
  kind: 'classification';
  classes: readonly string[];
  /** confusionMatrix[true][predicted] */
  confusionMatrix: readonly (readonly number[])[];
  precision: readonly number[];
  recall: readonly number[];
  f1: readonly number[];
  support: readonly number[];
  accuracy: number;
}

/** A regression model's errors on a data set. */
export interface RegressionReport {
  kind: 'regression';
  mse: number;
  mae: number;
}

export interface ReportEvaluation {
  /** Where the rows came from, e.g. the test CSV's path. */
  dataset: string;
  rows: number;
  lossName: string;
  loss: number;
  scores: ClassificationReport | RegressionReport;
}

export interface ReportData {
  title: string;
  history?: ReportHistory;
  evaluation?: ReportEvaluation;
  /** The model summary (formatSummary's text table). */
  summary?: string;
  /** The training config (any JSON value), shown as formatted JSON. */
  config?: unknown;
  /** Timing and other facts as label → value rows (e.g. "training time" → "3.2 s"). */
  facts?: readonly (readonly [string, string])[];
}

/** `&`, `<`, `>`, `"` and `'` as entities: any text from a file or a name is safe in the page. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The report page (see ReportData); the charts are rendered here, so this is async. */
export async function htmlReport(data: ReportData): Promise<string> {
  const sections: string[] = [];
  if (data.facts && data.facts.length > 0) sections.push(section('Run', table(['', ''], data.facts.map(([k, v]) => [k, v]), false)));
  if (data.history && data.history.epoch.length > 0) sections.push(await trainingSection(data.history));
  if (data.evaluation) sections.push(await evaluationSection(data.evaluation));
  if (data.history?.norms && Object.keys(data.history.norms).length > 0) sections.push(await normsSection(data.history));
  if (data.summary !== undefined) sections.push(section('Model', `<pre>${escapeHtml(data.summary)}</pre>`));
  if (data.config !== undefined) {
    const json = `<pre>${escapeHtml(JSON.stringify(data.config, null, 2))}</pre>`;
    sections.push(section('Config', `<details><summary>the resolved config (JSON)</summary>${json}</details>`));
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(data.title)}</h1>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1100px}',
  'h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}',
  '.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}',
  'figure{margin:0}table{border-collapse:collapse;font-size:13px;margin:8px 0}',
  'td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}',
  'pre{background:#f7f7f7;padding:8px;font-size:12px;overflow-x:auto}',
].join('');

function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

async function charts(specs: readonly TopLevelSpec[]): Promise<string> {
  const svgs = await Promise.all(specs.map((spec) => renderSvg(spec)));
  return `<div class="charts">${svgs.map((svg) => `<figure>${svg}</figure>`).join('\n')}</div>`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], withHeader = true): string {
  const head = withHeader ? `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>` : '';
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>${head}\n${body}</table>`;
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** Curve points of the series that are present, at 1-based epochs; non-finite values left out. */
function curves(epochs: readonly number[], series: readonly (readonly [string, readonly number[] | undefined])[]): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const [name, values] of series) {
    values?.forEach((y, i) => {
      if (Number.isFinite(y)) points.push({ x: (epochs[i] as number) + 1, y, series: name });
    });
  }
  return points;
}

async function trainingSection(history: ReportHistory): Promise<string> {
  const specs: TopLevelSpec[] = [];
  const loss = curves(history.epoch, [['train', history.loss], ['validation', history.valLoss]]);
  specs.push(curveChart(loss, { title: 'Loss', xTitle: 'epoch', yTitle: 'loss', logY: loss.every((p) => p.y > 0) }));
  if (history.accuracy || history.valAccuracy) {
    const accuracy = curves(history.epoch, [['train', history.accuracy], ['validation', history.valAccuracy]]);
    specs.push(curveChart(accuracy, { title: 'Accuracy', xTitle: 'epoch', yTitle: 'accuracy', yDomain: [0, 1] }));
  }
  if (history.lr) {
    // From 0: a constant rate is a flat line at its value, not a collapsed axis.
    const top = Math.max(0, ...history.lr.filter(Number.isFinite));
    const rate = curves(history.epoch, [['lr', history.lr]]);
    specs.push(curveChart(rate, { title: 'Learning rate', xTitle: 'epoch', yTitle: 'lr', ...(top > 0 ? { yDomain: [0, top * 1.1] } : {}) }));
  }
  return section('Training', await charts(specs));
}

async function evaluationSection(evaluation: ReportEvaluation): Promise<string> {
  const { scores } = evaluation;
  const intro = `<p>${escapeHtml(`${evaluation.rows} rows of ${evaluation.dataset}`)}</p>`;
  if (scores.kind === 'regression') {
    const rows = [[`loss (${evaluation.lossName})`, num(evaluation.loss)], ['MSE', num(scores.mse)], ['MAE', num(scores.mae)]];
    return section('Evaluation', intro + table(['metric', 'value'], rows));
  }
  const { classes } = scores;
  const cells = scores.confusionMatrix.flatMap((row, t) =>
    row.map((value, p) => ({ row: classes[t] as string, column: classes[p] as string, value })),
  );
  const side = Math.min(520, Math.max(160, 36 * classes.length));
  const heatmap = await charts([
    heatmapChart(cells, { title: 'Confusion matrix', rowTitle: 'true class', columnTitle: 'predicted class', rows: classes, columns: classes, width: side, height: side }),
  ]);
  const metrics = table(['metric', 'value'], [[`loss (${evaluation.lossName})`, num(evaluation.loss)], ['accuracy', num(scores.accuracy)]]);
  const perClass = table(
    ['class', 'precision', 'recall', 'F1', 'support'],
    classes.map((name, c) => [name, num(scores.precision[c] ?? 0), num(scores.recall[c] ?? 0), num(scores.f1[c] ?? 0), String(scores.support[c] ?? 0)]),
  );
  return section('Evaluation', `${intro}${metrics}<div class="charts">${heatmap}<div>${perClass}</div></div>`);
}

async function normsSection(history: ReportHistory): Promise<string> {
  const norms = Object.entries(history.norms ?? {});
  const grad = curves(history.epoch, norms.map(([name, n]) => [name, n.grad] as const));
  const weight = curves(history.epoch, norms.map(([name, n]) => [name, n.weight] as const));
  const specs = [
    curveChart(grad, { title: 'Gradient L2 norm (mean over the epoch\u2019s batches)', xTitle: 'epoch', yTitle: '‖grad‖', logY: grad.every((p) => p.y > 0), width: 420, height: 220 }),
    curveChart(weight, { title: 'Weight L2 norm (end of epoch)', xTitle: 'epoch', yTitle: '‖weight‖', width: 420, height: 220 }),
  ];
  const last = history.epoch.length - 1;
  const rows = norms.map(([name, n]) => [name, num(n.grad[last] ?? NaN), num(n.weight[last] ?? NaN)]);
  return section('Gradient and weight norms per layer', (await charts(specs)) + table(['parameter', 'gradient norm (last epoch)', 'weight norm (last epoch)'], rows));
}
