import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvDataset, loadCsv } from '../../src/data/loadCsv';
import { parseCsv } from '../../src/data/parseCsv';
import { DataError } from '../../src/errors';

const fromText = (text: string, options = {}) => csvDataset(parseCsv(text, 'f.csv'), 'f.csv', options);

describe('parseCsv', () => {
  it('splits fields, handles quotes, CRLF, blank lines and a byte-order mark', () => {
    const records = parseCsv('\ufeffa,"b, c"\r\n\r\n1,"say ""hi"""\n"multi\nline",2\n', 'f.csv');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b, c'] },
      { line: 3, cells: ['1', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', '2'] },
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv')).toThrow('f.csv:2: expected a closing double quote');
  });
});

describe('loadCsv', () => {
  it('detects a header and maps class-name labels to sorted indices', () => {
    const data = fromText('x1,x2,species\n1,2,b\n3,4,a\n5,6,b\n');
    expect(data.featureNames).toEqual(['x1', 'x2']);
    expect(data.labelName).toBe('species');
    expect(data.classes).toEqual(['a', 'b']);
    expect(data.x.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(data.y?.toArray()).toEqual([1, 0, 1]);
    expect(Array.from(data.lines)).toEqual([2, 3, 4]);
  });

  it('reads files without a header, with the label by index or name', () => {
    const noHeader = fromText('1,2,0\n3,4,1\n');
    expect(noHeader.x.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(noHeader.y?.toArray()).toEqual([0, 1]);
    expect(noHeader.classes).toBeUndefined();
    const byIndex = fromText('7,1,2\n8,3,4\n', { label: 0 });
    expect(byIndex.y?.toArray()).toEqual([7, 8]);
    expect(byIndex.x.toArray()).toEqual([[1, 2], [3, 4]]);
    const byName = fromText('y,a\n0.5,1\n1.5,2\n', { label: 'y' });
    expect(byName.y?.toArray()).toEqual([0.5, 1.5]);
    expect(fromText('1,2\n3,4\n', { label: null }).x.shape).toEqual([2, 2]);
  });

  it('uses known classes and rejects labels not seen in training', () => {
    const data = fromText('a,label\n1,virginica\n', { classes: ['setosa', 'virginica'] });
    expect(data.y?.toArray()).toEqual([1]);
    expect(() => fromText('a,label\n1,setosa\n2,rose\n', { classes: ['setosa', 'virginica'] })).toThrow(
      'f.csv:3:2: label "rose" was not seen in training; expected one of "setosa", "virginica"',
    );
  });

  it('checks numeric class labels against the number of classes', () => {
    expect(fromText('a,y\n1,0\n2,2\n', { numClasses: 3 }).y?.toArray()).toEqual([0, 2]);
    expect(() => fromText('a,y\n1,0\n2,3\n', { numClasses: 3 })).toThrow(
      'f.csv:3:2: expected a class label in 0..2 (the classes the model knows), got "3"',
    );
    expect(() => fromText('a,y\n1,0.5\n', { numClasses: 3 })).toThrow('got "0.5"');
  });

  it('names file, line and column for ragged rows and non-numeric cells', () => {
    expect(() => fromText('a,b,c\n1,2,3\n4,5\n')).toThrow('f.csv:3: expected 3 columns (as in line 1), got 2');
    expect(() => fromText('a,b,c\n1,2,3\n4,x5,6\n')).toThrow(
      'f.csv:3:2: expected a number in column "b", got "x5"',
    );
    expect(() => fromText('a,b,c\n1,,3\n')).toThrow('f.csv:2:2: expected a number in column "b", got ""');
  });

  it('lists the columns for an unknown label column and suggests the nearest', () => {
    expect(() => fromText('sepal,petal,species\n1,2,a\n', { label: 'specie' })).toThrow(
      'f.csv: unknown label column "specie"; did you mean "species"?; the columns are "sepal", "petal", "species"',
    );
    expect(() => fromText('1,2\n', { label: 5 })).toThrow('expected the label column index in 0..1, got 5');
  });

  it('rejects empty and missing files with DataError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubiki-csv-'));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '\n\n');
    expect(() => loadCsv(empty)).toThrow(DataError);
    expect(() => loadCsv(empty)).toThrow(`${empty}: expected a header or data rows, got an empty file`);
    expect(() => fromText('a,b\n')).toThrow('expected data rows after the header, got none');
    expect(() => loadCsv(join(dir, 'missing.csv'))).toThrow('cannot read the data file (no such file)');
    rmSync(dir, { recursive: true, force: true });
  });
});
