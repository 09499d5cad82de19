import { DataError } from '../errors';

/** One record of a CSV file and the 1-based line it starts on (for error messages). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Splits CSV text into records (RFC 4180: comma-separated, fields may be double-quoted, a quote
 * inside a quoted field is doubled, quoted fields may span lines; LF or CRLF line ends). Blank lines
 * are skipped. Cells are returned as written (trimmed), without type conversion. `file` names the
 * source in errors.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // inside a quoted field
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endCell = (): void => {
    cells.push(cell.trim());
    cell = '';
  };
  const endRecord = (): void => {
    endCell();
    if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
    cells = [];
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark written by spreadsheets
  for (let i = start; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      endCell();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new DataError(`${file}:${quoteLine}: expected a closing double quote, got the end of the file`);
  endRecord();
  return records;
}
