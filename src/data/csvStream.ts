import { platform, type ReadHandle } from '../platform';
import { DataError } from '../errors';
import { CsvByteReader, type RowHandler } from './csvBytes';

/** Called once per record with its trimmed cells and the 1-based line it starts on. */
export type RecordHandler = (cells: string[], line: number) => void;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * An incremental CSV reader (RFC 4180: comma-separated, fields may be double-quoted, a quote inside
 * a quoted field is doubled, quoted fields may span lines; LF or CRLF line ends; blank lines skipped;
 * a leading byte-order mark ignored). Text arrives in pieces through push(); each complete record
 * goes to the handler at once, so memory holds one piece and one unfinished record, never the file.
 * Unquoted cells are sliced out of the piece (no per-character concatenation): that is the fast path.
 */
export class CsvTokenizer {
  private pending = '';
  private line = 1;
  private started = false;

  constructor(
    private readonly file: string,
    private readonly onRecord: RecordHandler,
  ) {}

  /** Reads every complete record of `text` (appended to what was left from the previous piece). */
  push(text: string): void {
    this.consume(this.pending + text, false);
  }

  /** The end of the input: the last record may lack its line end. */
  end(): void {
    this.consume(this.pending, true);
    this.pending = '';
  }

  private consume(text: string, final: boolean): void {
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark written by spreadsheets
    }
    const n = text.length;
    while (i < n) {
      const recordStart = i;
      const recordLine = this.line;
      const cells: string[] = [];
      let lines = 0; // line ends inside quoted fields of this record
      let complete = false;
      for (;;) {
        // One cell starting at i.
        let j = i;
        while (j < n && isBlank(text.charCodeAt(j))) j++;
        if (j < n && text.charCodeAt(j) === QUOTE) {
          const quoted = readQuoted(text, j + 1);
          if (quoted === undefined) {
            if (final) throw new DataError(`${this.file}:${recordLine + lines}: expected a closing double quote, got the end of the file`);
            break; // the rest of the record is in the next piece
          }
          lines += quoted.lines;
          let k = quoted.end;
          // Text after the closing quote belongs to the same cell; cells are trimmed, quoted or not.
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === COMMA || c === LF || c === CR) break;
            k++;
          }
          cells.push((k > quoted.end ? quoted.value + text.slice(quoted.end, k) : quoted.value).trim());
          if (k >= n) {
            if (!final) break;
            complete = true;
            i = n;
            break;
          }
          const c = text.charCodeAt(k);
          if (c === COMMA) {
            i = k + 1;
            continue;
          }
          i = lineEnd(text, k);
          if (i < 0) break; // a CR at the end of the piece: its LF may follow
          complete = true;
          break;
        }
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === COMMA || c === LF || c === CR) break;
          k++;
        }
        if (k >= n && !final) break;
        cells.push(trimmed(text, i, k));
        if (k >= n) {
          complete = true;
          i = n;
          break;
        }
        if (text.charCodeAt(k) === COMMA) {
          i = k + 1;
          if (i >= n && final) {
            cells.push('');
            complete = true;
            break;
          }
          continue;
        }
        i = lineEnd(text, k);
        if (i < 0) break;
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = text.slice(recordStart);
        return;
      }
      this.line += lines + (i <= n && endsWithLine(text, i) ? 1 : 0);
      if (cells.length > 1 || cells[0] !== '') this.onRecord(cells, recordLine);
    }
    this.pending = '';
  }
}

/** Index after the line end at k (CR LF, LF or a lone CR); −1 when a CR ends the piece. */
function lineEnd(text: string, k: number): number {
  if (text.charCodeAt(k) === CR) {
    if (k + 1 >= text.length) return -1;
    return text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  }
  return k + 1;
}

/** Whether the record that ended just before `i` ended with a line break. */
function endsWithLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  return c === LF || c === CR;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function trimmed(text: string, start: number, end: number): string {
  if (start === end) return '';
  if (text.charCodeAt(start) > 0x20 && text.charCodeAt(end - 1) > 0x20) return text.slice(start, end);
  return text.slice(start, end).trim();
}

/** A quoted field from just after its opening quote: its value, the index after the closing quote, the line ends inside. */
function readQuoted(text: string, start: number): { value: string; end: number; lines: number } | undefined {
  let value = '';
  let from = start;
  let lines = 0;
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === QUOTE) {
      if (k + 1 >= text.length) return undefined; // a doubled quote may follow in the next piece
      if (text.charCodeAt(k + 1) === QUOTE) {
        value += text.slice(from, k + 1);
        k++;
        from = k + 1;
        continue;
      }
      return { value: value + text.slice(from, k), end: k + 1, lines };
    }
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) lines++;
  }
  return undefined;
}

/**
 * Reads a CSV file piece by piece, handing each record to `onRow` as a CsvRow over the bytes (see
 * CsvByteReader). Memory stays at one piece (`chunkBytes`, larger only for a longer record) plus
 * what the handler keeps.
 */
export function readCsvFile(path: string, onRow: RowHandler, chunkBytes = 1 << 22): void {
  const files = platform.files('loadCsv');
  let fd: ReadHandle;
  try {
    fd = files.openRead(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new DataError(`${path}: cannot read the data file (${reason})`);
  }
  try {
    const reader = new CsvByteReader(path, onRow);
    let buffer = new Uint8Array(chunkBytes);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = new Uint8Array(buffer.length * 2); // one record longer than the piece
        bigger.set(buffer);
        buffer = bigger;
      }
      let bytes: number;
      try {
        bytes = fd.read(buffer, filled, buffer.length - filled);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new DataError(`${path}: cannot read the data file (${code === 'EISDIR' ? 'it is a directory' : (error as Error).message})`);
      }
      const end = filled + bytes;
      const final = bytes === 0;
      const used = reader.push(buffer.subarray(0, end), final);
      if (final) break;
      buffer.copyWithin(0, used, end);
      filled = end - used;
    }
  } finally {
    fd.close();
  }
}
