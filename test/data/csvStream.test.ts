import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvByteReader } from '../../src/data/csvBytes';
import { CsvTokenizer, readCsvFile } from '../../src/data/csvStream';
import { createRng } from '../../src/tensor/rng';
import { csvDataset } from '../../src/data/loadCsv';
import { parseCsv } from '../../src/data/parseCsv';

const TEXT = '\ufeffa, "b, c" ,d\r\n\r\n1,"say ""hi""",3\n"multi\nline",2,\n\n4,5,6\r7,8,9';

function inPieces(text: string, cut: (i: number) => boolean): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  const tokenizer = new CsvTokenizer('f.csv', (cells, line) => records.push({ line, cells }));
  let from = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || cut(i)) {
      tokenizer.push(text.slice(from, i));
      from = i;
    }
  }
  tokenizer.end();
  return records;
}

describe('CsvTokenizer', () => {
  const whole = parseCsv(TEXT, 'f.csv');

  it('reads quotes, CRLF, lone CR, blank lines, a trailing empty cell and a last line without its end', () => {
    expect(whole).toEqual([
      { line: 1, cells: ['a', 'b, c', 'd'] },
      { line: 3, cells: ['1', 'say "hi"', '3'] },
      { line: 4, cells: ['multi\nline', '2', ''] },
      { line: 7, cells: ['4', '5', '6'] },
      { line: 8, cells: ['7', '8', '9'] },
    ]);
  });

  it('gives the same records however the text is cut into pieces', () => {
    for (let cut = 1; cut < TEXT.length; cut++) {
      expect(inPieces(TEXT, (i) => i === cut)).toEqual(whole);
    }
    expect(inPieces(TEXT, () => true)).toEqual(whole); // one character at a time
  });

  it('reports an unclosed quote with its line, whole or in pieces', () => {
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv')).toThrow('f.csv:2: expected a closing double quote, got the end of the file');
    expect(() => inPieces('a,b\n1,"2\n', () => true)).toThrow('f.csv:2: expected a closing double quote');
  });

  it('reads a file in pieces of any size as the in-memory parser reads the text (bytes, quotes, CR, BOM)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubiki-csv-'));
    try {
      const file = join(dir, 'f.csv');
      writeFileSync(file, TEXT);
      for (const size of [1, 2, 3, 5, 7, 11, 64, 4096]) {
        const records: { line: number; cells: string[] }[] = [];
        readCsvFile(file, (row, line) => records.push({ line, cells: Array.from({ length: row.length }, (_, i) => row.text(i)) }), size);
        expect(records).toEqual(whole);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a file in small pieces, multi-byte characters split across them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubiki-csv-'));
    try {
      const file = join(dir, 'f.csv');
      writeFileSync(file, 'größe,名前\n1,ü\n2,"é,è"\n');
      const records: { line: number; cells: string[] }[] = [];
      readCsvFile(file, (row, line) => records.push({ line, cells: Array.from({ length: row.length }, (_, i) => row.text(i)) }), 3);
      expect(records).toEqual([
        { line: 1, cells: ['größe', '名前'] },
        { line: 2, cells: ['1', 'ü'] },
        { line: 3, cells: ['2', 'é,è'] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CsvByteReader.number', () => {
  const numbers = (text: string): number[] => {
    const out: number[] = [];
    const reader = new CsvByteReader('f.csv', (row) => {
      for (let i = 0; i < row.length; i++) out.push(row.number(i));
    });
    reader.push(new TextEncoder().encode(text), true);
    return out;
  };

  it('reads every number exactly as Number() does, and refuses what the CSV grammar refuses', () => {
    const cells = [
      '0', '-0', '+1', '1.', '.5', '-.5', '3.14159', '0.1', '0.3', '1e5', '1E-5', '-2.5e+3', '123456789012345', '1234567890123456789',
      '0.000001', '1e22', '1e23', '1e-22', '1e-23', '9007199254740993', '1.7976931348623157e308', '1e400', '5e-324', ' 7 ', '00012.50',
      '2.2250738585072014e-308', '0.1e1', '4.35', '79.8', '-0.0001234',
    ];
    expect(numbers(cells.join(','))).toEqual(cells.map((c) => Number(c)));
    const rng = createRng(5);
    const random = Array.from({ length: 2000 }, () => (rng.normal(0, 1) * 10 ** rng.int(12 - 6)).toFixed(rng.int(9)));
    expect(numbers(random.join(','))).toEqual(random.map(Number));
    for (const bad of ['', 'abc', '1.2.3', '1e', 'e5', '-', '.', '0x10', 'Infinity', 'NaN', '1,5'.slice(0, 0) + '1_000', '٣']) {
      expect(numbers(`${bad},0`)[0]).toBeNaN();
    }
  });
});

describe('csvDataset: values that cannot be trusted', () => {
  const fromText = (text: string) => csvDataset(parseCsv(text, 'f.csv'), 'f.csv');

  it('refuses numbers that overflow float32 (1e39) or float64 (1e400) at file:line:column', () => {
    expect(() => fromText('a,b,y\n1,2,0\n3,1e39,1\n')).toThrow(
      'f.csv:3:2: expected a number in column "b" that fits float32 (|x| < 3.4e38), got "1e39", which is beyond float32',
    );
    expect(() => fromText('a,b,y\n1,-1e400,0\n')).toThrow('f.csv:2:2: expected a number in column "b" that fits float32');
    expect(() => fromText('a,y\n1,1e39\n')).toThrow('f.csv:2:2: expected a number in the label column "y" that fits float32');
    expect(fromText('a,y\n3e38,1\n').x.data[0]).toBeCloseTo(3e38, -32);
  });

  it('refuses a duplicated column name', () => {
    expect(() => fromText('a,b,a,y\n1,2,3,0\n')).toThrow('f.csv:1:3: expected unique column names, got "a" in columns 1 and 3; rename one');
  });

  it('recognises a ";"-separated file in its message', () => {
    expect(() => fromText('a;b;y\n1,5;2;0\n')).toThrow('f.csv:1: expected comma-separated values, got a line separated by ";"');
  });

  it('keeps labels as class names when a name follows numbers, sorted', () => {
    const data = fromText('a,y\n1,2\n2,x\n3,2\n');
    expect(data.classes).toEqual(['2', 'x']);
    expect(Array.from(data.y?.data ?? [])).toEqual([0, 1, 0]);
  });
});
