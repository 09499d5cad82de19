import { CsvTokenizer } from './csvStream';

/** One record of a CSV file and the 1-based line it starts on (for error messages). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Splits CSV text held in memory into records (the rules of CsvTokenizer: RFC 4180, LF or CRLF
 * line ends, blank lines skipped, cells trimmed, no type conversion). `file` names the source in
 * errors. Files are read in pieces by loadCsv instead, without holding the text.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const tokenizer = new CsvTokenizer(file, (cells, line) => records.push({ line, cells }));
  tokenizer.push(text);
  tokenizer.end();
  return records;
}
