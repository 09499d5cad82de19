import type { TopLevelSpec } from 'vega-lite';

/*
 * The charts of the playground and of training reports, as Vega-Lite specifications: pure data in,
 * a spec out, no DOM and no Node, so the same chart renders live in a page (web/playground) and to
 * SVG text in Node (renderSvg.ts). Each spec keeps its rows in a data source named TABLE, so a page
 * can replace them (view.data(TABLE, rows)) and redraw without rebuilding the chart.
 */

/** The name of every chart's data source. */
export const TABLE = 'table';

/** Ten distinguishable colours (Tableau 10, Vega's default categorical scheme), by class index. */
export const CLASS_COLORS = [
  '#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac',
] as const;

const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

/** Common look: sizes, fonts, no border. */
function frame(title: string, width: number, height: number): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, anchor: 'start', fontSize: 13, font: FONT },
    width,
    height,
    // Lay out again whenever the data changes (axis labels grow as values do in a live chart).
    autosize: { type: 'pad', resize: true },
    config: {
      view: { stroke: null },
      axis: { labelFont: FONT, titleFont: FONT, labelFontSize: 11, titleFontSize: 11, grid: true, gridOpacity: 0.4 },
      legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 11, orient: 'top', title: null },
    },
  };
}

/** One point of a curve: `series` is e.g. "train" or "validation". */
export interface CurvePoint {
  x: number;
  y: number;
  series: string;
}

export interface CurveOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  width?: number;
  height?: number;
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  yDomain?: [number, number];
  /** A log scale for y (losses, gradient norms spanning decades). */
  logY?: boolean;
}

/** Lines of y over x, one per series (loss or accuracy per epoch or step; norms per layer). */
export function curveChart(points: readonly CurvePoint[], options: CurveOptions): TopLevelSpec {
  return {
    ...frame(options.title, options.width ?? 320, options.height ?? 180),
    data: { name: TABLE, values: points as CurvePoint[] },
    mark: { type: 'line', interpolate: 'monotone', strokeWidth: 1.8, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { nice: false, zero: false } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        scale: options.yDomain ? { domain: options.yDomain } : options.logY ? { type: 'log' } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', scale: { range: [...CLASS_COLORS] } },
    },
  } as TopLevelSpec;
}

/** One cell of a heat map. */
export interface HeatCell {
  row: string;
  column: string;
  value: number;
}

export interface HeatmapOptions {
  title: string;
  rowTitle: string;
  columnTitle: string;
  /** The order of the rows and columns (class names); defaults to first appearance. */
  rows?: readonly string[];
  columns?: readonly string[];
  width?: number;
  height?: number;
}

/** A matrix as coloured cells with their values written in (a confusion matrix: true × predicted). */
export function heatmapChart(cells: readonly HeatCell[], options: HeatmapOptions): TopLevelSpec {
  const max = Math.max(1e-12, ...cells.map((c) => c.value));
  return {
    ...frame(options.title, options.width ?? 260, options.height ?? 260),
    data: { name: TABLE, values: cells as HeatCell[] },
    encoding: {
      x: { field: 'column', type: 'ordinal', title: options.columnTitle, sort: options.columns ? [...options.columns] : null },
      y: { field: 'row', type: 'ordinal', title: options.rowTitle, sort: options.rows ? [...options.rows] : null },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'value', type: 'quantitative', scale: { scheme: 'blues', domain: [0, max] }, legend: null },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'value', type: 'quantitative' },
          color: { condition: { test: `datum.value > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** A cell of the decision-boundary grid: its rectangle, the predicted class and its probability. */
export interface BoundaryCell {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  label: number;
  confidence: number;
}

/** A labelled 2-D point. */
export interface LabelledPoint {
  x: number;
  y: number;
  label: number;
}

/** Name of the points' data source in boundaryChart (the grid is TABLE). */
export const POINTS = 'points';

export interface BoundaryOptions {
  title: string;
  classes: number;
  domain: [number, number];
  width?: number;
  height?: number;
}

/**
 * The decision boundary of a 2-D classifier: the plane coloured by the predicted class (fainter
 * where the model is unsure) with the data points on top, in their true class's colour.
 */
export function boundaryChart(cells: readonly BoundaryCell[], points: readonly LabelledPoint[], options: BoundaryOptions): TopLevelSpec {
  const classes = Array.from({ length: options.classes }, (_, i) => i);
  const colors = { domain: classes, range: classes.map((i) => CLASS_COLORS[i % CLASS_COLORS.length]) };
  const axis = (title: string) => ({ field: '', type: 'quantitative', title, scale: { domain: options.domain, nice: false } });
  return {
    ...frame(options.title, options.width ?? 300, options.height ?? 300),
    layer: [
      {
        data: { name: TABLE, values: cells as BoundaryCell[] },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: { ...axis('x₁'), field: 'x0' },
          x2: { field: 'x1' },
          y: { ...axis('x₂'), field: 'y0' },
          y2: { field: 'y1' },
          color: { field: 'label', type: 'nominal', scale: colors, legend: null },
          opacity: { field: 'confidence', type: 'quantitative', scale: { domain: [0.5, 1], range: [0.08, 0.55] }, legend: null },
        },
      },
      {
        data: { name: POINTS, values: points as LabelledPoint[] },
        mark: { type: 'circle', size: 22, stroke: 'white', strokeWidth: 0.7, opacity: 1 },
        encoding: {
          x: { ...axis('x₁'), field: 'x' },
          y: { ...axis('x₂'), field: 'y' },
          color: { field: 'label', type: 'nominal', scale: colors, legend: null },
        },
      },
    ],
  } as TopLevelSpec;
}

export interface BarOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  width?: number;
  height?: number;
  logY?: boolean;
  /** A horizontal rule, e.g. the gradient check's tolerance. */
  rule?: number;
}

/**
 * One bar per category (relative errors per parameter, norms per layer); on a log scale, where a
 * bar has no base, a dot per category.
 */
export function barChart(bars: readonly { name: string; value: number }[], options: BarOptions): TopLevelSpec {
  const y = { field: 'value', type: 'quantitative', title: options.yTitle, ...(options.logY ? { scale: { type: 'log' } } : {}) };
  const layers: object[] = [
    {
      data: { name: TABLE, values: bars as { name: string; value: number }[] },
      mark: options.logY ? { type: 'point', filled: true, size: 60, color: CLASS_COLORS[0] } : { type: 'bar', color: CLASS_COLORS[0] },
      encoding: { x: { field: 'name', type: 'nominal', title: options.xTitle, sort: null, axis: { labelAngle: -40 } }, y },
    },
  ];
  if (options.rule !== undefined) {
    layers.push({ data: { values: [{ value: options.rule }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { y } });
  }
  return { ...frame(options.title, options.width ?? 320, options.height ?? 160), layer: layers } as TopLevelSpec;
}

/** Histogram of `values` in `bins` equal bins (activations or gradients of one layer). */
export function histogramChart(values: ArrayLike<number>, options: { title: string; xTitle: string; bins?: number; width?: number; height?: number }): TopLevelSpec {
  return {
    ...frame(options.title, options.width ?? 200, options.height ?? 90),
    data: { name: TABLE, values: histogramRows(values, options.bins ?? 30) },
    mark: { type: 'bar', color: CLASS_COLORS[0], binSpacing: 0 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: options.xTitle, axis: { tickCount: 4 } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: null, axis: { tickCount: 3 } },
    },
  } as TopLevelSpec;
}

/** The rows histogramChart draws: `bins` equal bins over [min, max] of the finite values. */
export function histogramRows(values: ArrayLike<number>, bins: number): { start: number; end: number; count: number }[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return [];
  if (max === min) {
    max = min + 0.5;
    min -= 0.5;
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
  }
  return counts.map((count, i) => ({ start: min + i * width, end: min + (i + 1) * width, count }));
}
