import { didYouMean } from '../util/suggest';
import { DataError } from '../errors';
import { Tensor } from '../tensor/Tensor';
import { parseCsv, type CsvRecord } from './parseCsv';
import { readText } from '../util/readFile';

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
  readonly lines: readonly number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(cell: string): boolean {
  return NUMBER.test(cell);
}

/** Reads a CSV file into a data set; every error names the file, line and column. */
export function loadCsv(path: string, options: CsvOptions = {}): CsvDataset {
  const text = readText(path, (reason) => new DataError(`${path}: cannot read the data file (${reason})`));
  return csvDataset(parseCsv(text, path), path, options);
}

/** Builds a data set from parsed records (exported for tests and in-memory CSV). */
export function csvDataset(records: readonly CsvRecord[], file: string, options: CsvOptions = {}): CsvDataset {
  const first = records[0];
  if (first === undefined) throw new DataError(`${file}: expected a header or data rows, got an empty file`);
  const hasHeader = options.header ?? looksLikeHeader(records);
  const columns = first.cells.length;
  const names = hasHeader ? [...first.cells] : first.cells.map((_, i) => `column ${i + 1}`);
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new DataError(`${file}: expected data rows after the header, got none`);
  for (const row of rows) {
    if (row.cells.length !== columns) {
      throw new DataError(
        `${file}:${row.line}: expected ${columns} columns (as in line ${first.line}), got ${row.cells.length}`,
      );
    }
  }

  const labelIndex = options.label === null ? -1 : resolveLabel(options.label ?? 'last', names, hasHeader, file);
  const featureIndices = names.map((_, i) => i).filter((i) => i !== labelIndex);
  const x = Tensor.zeros([rows.length, featureIndices.length]);
  rows.forEach((row, r) => {
    featureIndices.forEach((c, f) => {
      const cell = row.cells[c] as string;
      if (!isNumber(cell)) {
        throw new DataError(
          `${file}:${row.line}:${c + 1}: expected a number in column "${names[c]}", got ${JSON.stringify(cell)}`,
        );
      }
      x.data[r * featureIndices.length + f] = Number(cell);
    });
  });

  let y: Tensor | undefined;
  let classes: readonly string[] | undefined;
  if (labelIndex >= 0) {
    const cells = rows.map((row) => row.cells[labelIndex] as string);
    if (options.classes !== undefined || !cells.every(isNumber)) {
      classes = options.classes ?? [...new Set(cells)].sort();
      const index = new Map(classes.map((name, i) => [name, i]));
      y = Tensor.zeros([rows.length]);
      rows.forEach((row, r) => {
        const k = index.get(cells[r] as string);
        if (k === undefined) {
          throw new DataError(
            `${file}:${row.line}:${labelIndex + 1}: label ${JSON.stringify(cells[r])} was not seen in training; ` +
              `expected one of ${(classes as readonly string[]).map((c) => JSON.stringify(c)).join(', ')}`,
          );
        }
        (y as Tensor).data[r] = k;
      });
    } else {
      const k = options.numClasses;
      if (k !== undefined) {
        rows.forEach((row, r) => {
          const value = Number(cells[r]);
          if (!Number.isInteger(value) || value < 0 || value >= k) {
            throw new DataError(
              `${file}:${row.line}:${labelIndex + 1}: expected a class label in 0..${k - 1} (the classes the model knows), got ${JSON.stringify(cells[r])}`,
            );
          }
        });
      }
      y = Tensor.from(cells.map(Number));
    }
  }
  return {
    x,
    y,
    featureNames: featureIndices.map((i) => names[i] as string),
    labelName: labelIndex >= 0 ? names[labelIndex] : undefined,
    classes,
    lines: rows.map((row) => row.line),
  };
}

/** A first row is a header when some column has text there and a number in the second row. */
function looksLikeHeader(records: readonly CsvRecord[]): boolean {
  const [first, second] = records;
  if (!first) return false;
  if (!second) return !first.cells.every(isNumber);
  return first.cells.some((cell, i) => !isNumber(cell) && isNumber(second.cells[i] ?? ''));
}

function resolveLabel(label: LabelColumn, names: readonly string[], hasHeader: boolean, file: string): number {
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
