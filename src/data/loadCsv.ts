import { didYouMean } from '../util/suggest';
import { DataError } from '../errors';
import { platform } from '../platform';
import { Tensor } from '../tensor/Tensor';
import { readCsvFile } from './csvStream';
import type { CsvRow } from './csvBytes';
import type { CsvRecord } from './parseCsv';

/** Which column holds the label: a header name, a 0-based index, or "last" (the default). */
export type LabelColumn = string | number | 'last';

export interface CsvOptions {
  /** Label column; `null` when the file has no label column (data to predict). */
  label?: LabelColumn | null;
  /** Whether the first row is a header; by default it is when it has text where the rows below have numbers. */
  header?: boolean;
  /**
   * Known class names (from a trained model): labels must be one of them and map to their index.
   * Without it, a non-numeric label column yields new classes, sorted by name.
   */
  classes?: readonly string[];
  /** For numeric class labels: each must be an integer in 0..numClasses−1 (checked with file:line:column). */
  numClasses?: number;
}

/** A CSV data set: numeric features, labels, and what is needed to read the next file the same way. */
export interface CsvDataset {
  /** [rows, features], float32. */
  readonly x: Tensor;
  /** [rows]: class indices (for class-name labels, or integer labels) or numeric targets; absent without a label column. */
  readonly y: Tensor | undefined;
  readonly featureNames: readonly string[];
  readonly labelName: string | undefined;
  /** Class names in index order, when the labels are names. */
  readonly classes: readonly string[] | undefined;
  /** The 1-based file line of each row, to name rows in later errors. */
  readonly lines: ArrayLike<number>;
}

/** The columns a reader takes: feature column indices in order, and the label's (−1: none or ignored). */
export interface ColumnSelection {
  readonly features: readonly number[];
  readonly label: number;
}

/** Chooses the columns once the first row is known: its names (the header, or "column i") and whether it is a header. */
export type SelectColumns = (names: readonly string[], hasHeader: boolean, line: number) => ColumnSelection;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(cell: string): boolean {
  return NUMBER.test(cell);
}

/** Numeric labels are kept as text too until this many distinct values, in case a later one is a name. */
const MAX_DISTINCT_LABELS = 1 << 16;

/**
 * Reads a CSV file into a data set, streaming: records go straight into growing float32 arrays, so
 * memory holds the numbers, not the text. Every error names the file, line and column.
 */
export function loadCsv(path: string, options: CsvOptions = {}, select?: SelectColumns): CsvDataset {
  const size = platform.files('loadCsv').size(path);
  const builder = new DatasetBuilder(path, options, select, size);
  readCsvFile(path, (row, line) => builder.add(row, line));
  return builder.finish();
}

/** Builds a data set from parsed records (exported for tests and in-memory CSV). */
export function csvDataset(
  records: readonly CsvRecord[],
  file: string,
  options: CsvOptions = {},
  select?: SelectColumns,
): CsvDataset {
  const builder = new DatasetBuilder(file, options, select, undefined);
  for (const record of records) builder.add(textRow(record.cells), record.line);
  return builder.finish();
}

/** Cells held as strings (parseCsv's records) seen as a CsvRow. */
function textRow(cells: readonly string[]): CsvRow {
  return {
    length: cells.length,
    text: (i) => cells[i] as string,
    number: (i) => (isNumber(cells[i] as string) ? Number(cells[i]) : NaN),
  };
}

/** A float32 array that grows as rows arrive (×1.5, or to an estimate from the file size). */
class Growing {
  data: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float32Array(capacity);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    this.resize(Math.max(this.length + extra, Math.ceil(this.data.length * 1.5)));
  }
  resize(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Float32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** The values, without copying when the spare capacity is small. */
  values(): Float32Array {
    if (this.length === this.data.length) return this.data;
    return this.data.length - this.length <= this.length / 8 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

class DatasetBuilder {
  private first: { cells: string[]; line: number } | undefined;
  private started = false;
  private names: readonly string[] = [];
  private headerLine = 0;
  private columns = 0;
  private features: readonly number[] = [];
  private label = -1;
  private rows = 0;
  private textBytes = 0;
  private readonly x = new Growing(1024);
  private readonly lines = new Growing(64);
  private readonly y = new Growing(64);
  /** Distinct label texts → first-seen index, and each row's index, while labels may still turn out to be names. */
  private distinct: Map<string, number> | undefined = new Map();
  private readonly labelIndex = new Growing(64);
  private namedLabels = false;
  private readonly known: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly file: string,
    private readonly options: CsvOptions,
    private readonly select: SelectColumns | undefined,
    private readonly fileBytes: number | undefined,
  ) {
    this.known = options.classes ? new Map(options.classes.map((name, i) => [name, i])) : undefined;
  }

  add(row: CsvRow, line: number): void {
    if (this.started) return this.row(row, line);
    if (this.first === undefined) {
      // The reader reuses its row object: keep the first row's text.
      this.first = { cells: Array.from({ length: row.length }, (_, i) => row.text(i)), line };
      if (this.options.header !== undefined) this.start(undefined);
      return;
    }
    this.start(Array.from({ length: row.length }, (_, i) => row.text(i)));
    this.row(row, line);
  }

  finish(): CsvDataset {
    if (!this.started) {
      if (this.first === undefined) throw new DataError(`${this.file}: expected a header or data rows, got an empty file`);
      this.start(undefined);
    }
    if (this.rows === 0) throw new DataError(`${this.file}: expected data rows after the header, got none`);
    const width = this.features.length;
    const x = new Tensor(this.x.values(), [this.rows, width]);
    let y: Tensor | undefined;
    let classes: readonly string[] | undefined;
    if (this.label >= 0) {
      if (this.known) {
        classes = this.options.classes;
        y = new Tensor(this.labelIndex.values(), [this.rows]);
      } else if (this.namedLabels) {
        // Class names sorted, and each row's first-seen index mapped to its sorted index.
        const seen = [...(this.distinct as Map<string, number>).keys()];
        const sorted = [...seen].sort();
        const rank = new Map(sorted.map((name, i) => [name, i]));
        const remap = seen.map((name) => rank.get(name) as number);
        const indices = this.labelIndex.values();
        for (let r = 0; r < indices.length; r++) indices[r] = remap[indices[r] as number] as number;
        classes = sorted;
        y = new Tensor(indices, [this.rows]);
      } else {
        y = new Tensor(this.y.values(), [this.rows]);
      }
    }
    return {
      x,
      y,
      featureNames: this.features.map((i) => this.names[i] as string),
      labelName: this.label >= 0 ? this.names[this.label] : undefined,
      classes,
      lines: Int32Array.from(this.lines.values()),
    };
  }

  /** Decides on the header and the columns from the first row (and the second, when there is one). */
  private start(second: readonly string[] | undefined): void {
    const first = this.first as { cells: string[]; line: number };
    this.started = true;
    const hasHeader = this.options.header ?? looksLikeHeader(first.cells, second);
    this.columns = first.cells.length;
    const only = first.cells[0] ?? '';
    if (this.columns === 1 && /[;\t]/.test(only)) {
      const separator = only.includes(';') ? '";"' : 'tabs';
      throw new DataError(
        `${this.file}:${first.line}: expected comma-separated values, got a line separated by ${separator}; ` +
          'save the file with commas as separators (and "." for decimals)',
      );
    }
    this.names = hasHeader ? [...first.cells] : first.cells.map((_, i) => `column ${i + 1}`);
    this.headerLine = first.line;
    if (hasHeader) checkUnique(this.names, this.file, first.line);
    const selection = this.select
      ? this.select(this.names, hasHeader, first.line)
      : defaultSelection(this.options.label === undefined ? 'last' : this.options.label, this.names, hasHeader, this.file);
    this.features = selection.features;
    this.label = selection.label;
    if (!hasHeader) this.row(textRow(first.cells), first.line);
  }

  private row(cells: CsvRow, line: number): void {
    if (cells.length !== this.columns) {
      throw new DataError(`${this.file}:${line}: expected ${this.columns} columns (as in line ${this.headerLine}), got ${cells.length}`);
    }
    const features = this.features;
    const width = features.length;
    if (this.rows === 100 && this.fileBytes !== undefined) this.estimateRows();
    this.x.reserve(width);
    const x = this.x.data;
    let at = this.x.length;
    for (let f = 0; f < width; f++) {
      const c = features[f] as number;
      x[at++] = this.float32(cells.number(c), cells, line, c, 'a number in column');
    }
    this.x.length = at;
    if (this.rows < 100) for (let c = 0; c < cells.length; c++) this.textBytes += cells.text(c).length + 1;
    push(this.lines, line);
    if (this.label >= 0) this.addLabel(cells, line);
    this.rows++;
  }

  /** After 100 rows: room for the rows the whole file probably holds, to grow once rather than many times. */
  private estimateRows(): void {
    const estimate = Math.ceil(((this.fileBytes as number) / (this.textBytes / 100)) * 1.02) + 16;
    this.x.resize(estimate * this.features.length);
    this.lines.resize(estimate);
    if (this.label >= 0) {
      if (this.known || this.namedLabels) this.labelIndex.resize(estimate);
      else this.y.resize(estimate);
    }
  }

  /** A cell's number (NaN: not a number) as a float32, or a DataError at file:line:column. */
  private float32(value: number, cells: CsvRow, line: number, column: number, what: string): number {
    const single = Math.fround(value);
    if (Number.isFinite(single)) return single;
    const cell = cells.text(column);
    if (Number.isNaN(value)) {
      throw new DataError(`${this.file}:${line}:${column + 1}: expected ${what} "${this.names[column]}", got ${JSON.stringify(cell)}`);
    }
    throw new DataError(
      `${this.file}:${line}:${column + 1}: expected ${what} "${this.names[column]}" that fits float32 (|x| < 3.4e38), ` +
        `got ${JSON.stringify(cell)}, which is ${Number.isFinite(value) ? 'beyond float32' : 'beyond float64'}`,
    );
  }

  private addLabel(cells: CsvRow, line: number): void {
    const column = this.label + 1;
    if (!this.known && !this.namedLabels && this.distinct === undefined) {
      // Many distinct numbers: a regression target, read without its text.
      const value = cells.number(this.label);
      if (!Number.isNaN(value)) return push(this.y, this.float32(value, cells, line, this.label, 'a number in the label column'));
    }
    const cell = cells.text(this.label);
    if (this.known) {
      const k = this.known.get(cell);
      if (k === undefined) {
        throw new DataError(
          `${this.file}:${line}:${column}: label ${JSON.stringify(cell)} was not seen in training; ` +
            `expected one of ${(this.options.classes as readonly string[]).map((c) => JSON.stringify(c)).join(', ')}`,
        );
      }
      push(this.labelIndex, k);
      return;
    }
    const number = this.namedLabels ? NaN : cells.number(this.label);
    if (!Number.isNaN(number)) {
      const value = this.float32(number, cells, line, this.label, 'a number in the label column');
      const k = this.options.numClasses;
      if (k !== undefined && (!Number.isInteger(value) || value < 0 || value >= k)) {
        throw new DataError(
          `${this.file}:${line}:${column}: expected a class label in 0..${k - 1} (the classes the model knows), got ${JSON.stringify(cell)}`,
        );
      }
      push(this.y, value);
      this.remember(cell, line);
      return;
    }
    if (!this.namedLabels) {
      if (this.distinct === undefined) {
        throw new DataError(
          `${this.file}:${line}:${column}: expected a number in the label column "${this.names[this.label]}" (the rows above hold ` +
            `more than ${MAX_DISTINCT_LABELS} distinct numbers), got ${JSON.stringify(cell)}`,
        );
      }
      this.namedLabels = true;
    }
    this.remember(cell, line);
  }

  /** Records a label's text: its first-seen index for each row, while there are few distinct values. */
  private remember(cell: string, line: number): void {
    const distinct = this.distinct;
    if (distinct === undefined) return;
    let k = distinct.get(cell);
    if (k === undefined) {
      if (distinct.size >= MAX_DISTINCT_LABELS && !this.namedLabels) {
        this.distinct = undefined; // numbers (a regression target): the text is not needed
        return;
      }
      if (distinct.size >= MAX_DISTINCT_LABELS) {
        throw new DataError(`${this.file}:${line}:${this.label + 1}: expected at most ${MAX_DISTINCT_LABELS} class names, got more`);
      }
      k = distinct.size;
      distinct.set(cell, k);
    }
    push(this.labelIndex, k);
  }
}

function push(array: Growing, value: number): void {
  array.reserve(1);
  array.data[array.length++] = value;
}

function checkUnique(names: readonly string[], file: string, line: number): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new DataError(
        `${file}:${line}:${i + 1}: expected unique column names, got "${name}" in columns ${before + 1} and ${i + 1}; rename one`,
      );
    }
    seen.set(name, i);
  });
}

function defaultSelection(label: LabelColumn | null, names: readonly string[], hasHeader: boolean, file: string): ColumnSelection {
  const labelIndex = label === null ? -1 : resolveLabel(label, names, hasHeader, file);
  return { features: names.map((_, i) => i).filter((i) => i !== labelIndex), label: labelIndex };
}

/** A first row is a header when some column has text there and a number in the second row. */
function looksLikeHeader(first: readonly string[], second: readonly string[] | undefined): boolean {
  if (!second) return !first.every(isNumber);
  return first.some((cell, i) => !isNumber(cell) && isNumber(second[i] ?? ''));
}

export function resolveLabel(label: LabelColumn, names: readonly string[], hasHeader: boolean, file: string): number {
  if (label === 'last') return names.length - 1;
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 0 || label >= names.length) {
      throw new DataError(`${file}: expected the label column index in 0..${names.length - 1}, got ${label}`);
    }
    return label;
  }
  const index = names.indexOf(label);
  if (index < 0) {
    const known = hasHeader
      ? `the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}`
      : 'the file has no header row; give the label column as a 0-based index or "last"';
    throw new DataError(`${file}: unknown label column ${JSON.stringify(label)}${didYouMean(label, names)}; ${known}`);
  }
  return index;
}
