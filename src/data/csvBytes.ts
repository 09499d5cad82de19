import { DataError } from '../errors';

/** One record's cells, read on demand: as text, or as a number parsed straight from the bytes. */
export interface CsvRow {
  readonly length: number;
  /** The cell as written (trimmed, quotes removed). */
  text(index: number): string;
  /** The cell's number when it is one (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, as Number() reads it), else NaN. */
  number(index: number): number;
}

export type RowHandler = (row: CsvRow, line: number) => void;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** 10^0 … 10^22: exactly representable, so one multiplication or division rounds correctly (Clinger's fast path). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const decoder = new TextDecoder('utf-8');

/** A short cell's text without a call into the decoder (ASCII; anything else goes to the decoder). */
function shortText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let k = start; k < end; k++) {
    const c = bytes[k] as number;
    if (c >= 0x80) return decoder.decode(bytes.subarray(start, end));
    text += String.fromCharCode(c);
  }
  return text;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * A CSV reader over bytes (the same rules as CsvTokenizer: RFC 4180, LF / CRLF / CR line ends, blank
 * lines skipped, cells trimmed, a byte-order mark ignored). Cells are byte ranges of the current
 * piece; a numeric cell becomes a number without ever being a string, which is what makes a 200 MB
 * file fast: no string per cell, no garbage to collect. Pieces arrive through push(); an unfinished
 * record waits for the next piece.
 */
export class CsvByteReader implements CsvRow {
  length = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted = new Uint8Array(64);
  private line = 1;
  private started = false;

  constructor(
    private readonly file: string,
    private readonly onRow: RowHandler,
  ) {}

  /**
   * Reads the complete records of `bytes`; returns how many bytes were consumed (the rest, an
   * unfinished record, must be given again in front of the next piece). `final`: no more input.
   */
  push(bytes: Uint8Array, final: boolean): number {
    this.bytes = bytes;
    const n = bytes.length;
    let i = 0;
    if (!this.started && n >= 3) {
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    } else if (!this.started && final) {
      this.started = true;
    }
    while (i < n) {
      const recordStart = i;
      const recordLine = this.line;
      let lines = 0;
      let cells = 0;
      let next = -1; // where the next record starts, once this one is complete
      for (;;) {
        let j = i;
        while (j < n && isBlank(bytes[j] as number)) j++;
        if (j < n && bytes[j] === QUOTE) {
          // A quoted cell: find the closing quote (a doubled quote is an escaped one).
          let k = j + 1;
          let closed = -1;
          while (k < n) {
            const c = bytes[k] as number;
            if (c === QUOTE) {
              if (k + 1 >= n && !final) break; // a doubled quote may follow in the next piece
              if (bytes[k + 1] === QUOTE) {
                k += 2;
                continue;
              }
              closed = k;
              break;
            }
            if (c === LF || (c === CR && bytes[k + 1] !== LF)) lines++;
            k++;
          }
          if (closed < 0) {
            if (final) throw new DataError(`${this.file}:${recordLine + lines}: expected a closing double quote, got the end of the file`);
            return recordStart;
          }
          k = closed + 1;
          while (k < n && bytes[k] !== COMMA && bytes[k] !== LF && bytes[k] !== CR) k++;
          this.setCell(cells++, i, k, true);
          if (k >= n) {
            if (!final) return recordStart;
            next = n;
            break;
          }
          if (bytes[k] === COMMA) {
            i = k + 1;
            continue;
          }
          next = this.lineEnd(k, final);
          if (next < 0) return recordStart;
          break;
        }
        let k = j;
        while (k < n) {
          const c = bytes[k] as number;
          if (c === COMMA || c === LF || c === CR) break;
          k++;
        }
        if (k >= n && !final) return recordStart;
        this.setCell(cells++, i, k, false);
        if (k >= n) {
          next = n;
          break;
        }
        if (bytes[k] === COMMA) {
          i = k + 1;
          if (i >= n) {
            if (!final) return recordStart;
            this.setCell(cells++, i, i, false);
            next = n;
            break;
          }
          continue;
        }
        next = this.lineEnd(k, final);
        if (next < 0) return recordStart;
        break;
      }
      this.length = cells;
      const ended = next > 0 && (bytes[next - 1] === LF || bytes[next - 1] === CR);
      this.line += lines + (ended ? 1 : 0);
      i = next;
      if (cells > 1 || this.quoted[0] || !this.blank(this.starts[0] as number, this.ends[0] as number)) this.onRow(this, recordLine);
    }
    return n;
  }

  text(index: number): string {
    const start = this.starts[index] as number;
    const end = this.ends[index] as number;
    const raw = end - start <= 24 ? shortText(this.bytes, start, end) : decoder.decode(this.bytes.subarray(start, end));
    if (!this.quoted[index]) return raw.trim();
    // Quoted: the text between the quotes with doubled quotes undone, plus anything after the closing quote.
    const open = raw.indexOf('"');
    let value = '';
    let k = open + 1;
    for (;;) {
      const q = raw.indexOf('"', k);
      if (raw[q + 1] === '"') {
        value += raw.slice(k, q + 1);
        k = q + 2;
        continue;
      }
      value += raw.slice(k, q) + raw.slice(q + 1);
      break;
    }
    return value.trim();
  }

  number(index: number): number {
    if (this.quoted[index]) return this.slowNumber(index);
    const bytes = this.bytes;
    let i = this.starts[index] as number;
    let end = this.ends[index] as number;
    while (i < end && (bytes[i] as number) <= 0x20) i++;
    while (end > i && (bytes[end - 1] as number) <= 0x20) end--;
    let negative = false;
    if (bytes[i] === 0x2d || bytes[i] === 0x2b) {
      negative = bytes[i] === 0x2d;
      i++;
    }
    let mantissa = 0;
    let exponent = 0;
    let digits = 0;
    let c = bytes[i] as number;
    while (i < end && c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = bytes[++i] as number;
    }
    if (i < end && c === 0x2e) {
      c = bytes[++i] as number;
      while (i < end && c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        exponent--;
        digits++;
        c = bytes[++i] as number;
      }
    }
    if (digits === 0) return this.slowNumber(index);
    if (i < end && (c === 0x65 || c === 0x45)) {
      c = bytes[++i] as number;
      let negativeExponent = false;
      if (c === 0x2d || c === 0x2b) {
        negativeExponent = c === 0x2d;
        c = bytes[++i] as number;
      }
      let e = 0;
      let eDigits = 0;
      while (i < end && c >= 0x30 && c <= 0x39) {
        if (e < 100000) e = e * 10 + (c - 0x30);
        eDigits++;
        c = bytes[++i] as number;
      }
      if (eDigits === 0) return NaN;
      exponent += negativeExponent ? -e : e;
    }
    if (i !== end) return this.slowNumber(index); // not a plain number (or non-ASCII blanks): decide on the text
    if (mantissa > 9007199254740991 || exponent < -22 || exponent > 22) return this.slowNumber(index);
    const value = exponent < 0 ? mantissa / (POW10[-exponent] as number) : mantissa * (POW10[exponent] as number);
    return negative ? -value : value;
  }

  private slowNumber(index: number): number {
    const text = this.text(index);
    return NUMBER.test(text) ? Number(text) : NaN;
  }

  private blank(start: number, end: number): boolean {
    for (let k = start; k < end; k++) if ((this.bytes[k] as number) > 0x20) return false;
    return true;
  }

  private setCell(index: number, start: number, end: number, quoted: boolean): void {
    if (index >= this.starts.length) this.growCells();
    this.starts[index] = start;
    this.ends[index] = end;
    this.quoted[index] = quoted ? 1 : 0;
  }

  private growCells(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const quoted = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }

  /** Index after the line end at k; −1 when a CR ends a piece that is not the last (its LF may follow). */
  private lineEnd(k: number, final: boolean): number {
    const bytes = this.bytes;
    if (bytes[k] === CR) {
      if (k + 1 >= bytes.length) return final ? k + 1 : -1;
      return bytes[k + 1] === LF ? k + 2 : k + 1;
    }
    return k + 1;
  }
}
