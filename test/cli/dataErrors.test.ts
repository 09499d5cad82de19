import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IRIS, ensureBuilt, removeTempDirs, filesIn, kubiki, smallConfig, tempDir, writeIn } from './runCli';

/** Bad data and model files: exit 2, a message with file (and line and column), no partial output. */
describe('kubiki: bad data and model files', () => {
  let modelFile = '';
  let work = '';

  afterAll(removeTempDirs);
  beforeAll(() => {
    ensureBuilt();
    work = tempDir();
    const config = writeIn(work, 'model.json', smallConfig(IRIS, join(work, 'trained')));
    const result = kubiki('train', '--config', config, '--quiet');
    if (result.code !== 0) throw new Error(`training the fixture failed: ${result.stderr}`);
    modelFile = join(work, 'trained', 'model.kubiki.json');
  }, 120_000);

  const trainOn = (csv: string, edit: (config: Record<string, any>) => void = () => {}) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const dir = tempDir();
    const data = writeIn(dir, 'data.csv', csv);
    const config = smallConfig(data, join(dir, 'out'));
    edit(config);
    const result = kubiki('train', '--config', writeIn(dir, 'model.json', config));
    expect(result.code).toBe(2);
    expect(filesIn(join(dir, 'out'))).toEqual([]);
    return { ...result, data };
  };

  it('reports a missing data file', () => {
    const dir = tempDir();
    const config = smallConfig(join(dir, 'missing.csv'), join(dir, 'out'));
    const result = kubiki('train', '--config', writeIn(dir, 'model.json', config));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${join(dir, 'missing.csv')}: cannot read the data file (no such file)\n`);
    expect(filesIn(join(dir, 'out'))).toEqual([]);
  });

  it('reports ragged rows, an empty file and a non-numeric cell with file, line and column', () => {
    const header = 'a,b,c,d,species\n';
    const ragged = trainOn(`${header}1,2,3,4,x\n1,2,3,x\n`);
    expect(ragged.stderr).toContain(`${ragged.data}:3: expected 5 columns (as in line 1), got 4`);
    const empty = trainOn('');
    expect(empty.stderr).toContain(`${empty.data}: expected a header or data rows, got an empty file`);
    const text = trainOn(`${header}1,2,3,4,x\n1,2,oops,4,y\n`);
    expect(text.stderr).toContain(`${text.data}:3:3: expected a number in column "c", got "oops"`);
  });

  it('lists the columns for an unknown label column', () => {
    const result = trainOn(readFileSync(IRIS, 'utf8'), (c) => (c.data.label = 'specis'));
    expect(result.stderr).toContain(
      'unknown label column "specis"; did you mean "species"?; the columns are "sepal_length", "sepal_width", "petal_length", "petal_width", "species"',
    );
  });

  it('evaluate rejects labels not seen in training', () => {
    const data = writeIn(tempDir(), 'eval.csv', 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n5,3,1,0.2,rose\n');
    const result = kubiki('evaluate', '--model', modelFile, '--data', data);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${data}:3:5: label "rose" was not seen in training; expected one of "setosa", "versicolor", "virginica"`);
  });

  it('rejects a model file that is not kubiki\'s, is truncated, or has a newer version', () => {
    const dir = tempDir();
    const text = readFileSync(modelFile, 'utf8');
    const other = writeIn(dir, 'other.json', { weights: [1, 2, 3] });
    const truncated = writeIn(dir, 'truncated.json', text.slice(0, Math.floor(text.length / 2)));
    const newer = writeIn(dir, 'newer.json', { ...JSON.parse(text), version: 99 });
    const document = JSON.parse(text);
    const badMetadata = writeIn(dir, 'metadata.json', { ...document, metadata: { ...document.metadata, normalizer: { type: 'standard' } } });
    const cases: [string, string][] = [
      [other, 'this is not a kubiki model file'],
      [truncated, 'is it truncated?'],
      [newer, 'the file has model format version 99, but this kubiki reads versions up to 2'],
      [badMetadata, 'metadata.normalizer: expected a normalizer'],
    ];
    for (const [file, message] of cases) {
      const result = kubiki('predict', '--model', file, '--data', IRIS);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toContain(message);
    }
  });

  it('stops on a NaN loss with exit 1 and leaves the existing model file untouched', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'data.csv', readFileSync(IRIS, 'utf8'));
    const config = smallConfig(data, join(dir, 'out'));
    config.optimizer = { type: 'SGD', lr: 1e30 };
    const existing = writeIn(dir, 'existing.kubiki.json', 'the previous model');
    const result = kubiki('train', '--config', writeIn(dir, 'model.json', config), '--output', existing, '--quiet');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: fit: expected a finite loss, got (NaN|Infinity)/);
    expect(result.stderr).toContain('try a lower learning rate');
    expect(readFileSync(existing, 'utf8')).toBe('the previous model');
    expect(filesIn(dir)).toEqual(['data.csv', 'existing.kubiki.json', 'model.json']);
  });

  it('predict --output writes nothing when the data is bad', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'bad.csv', '1,2,3\n4,5,6\n');
    const result = kubiki('predict', '--model', modelFile, '--data', data, '--output', join(dir, 'predictions.csv'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${data}: expected 5 columns (4 features and the label "species") or 4 (features only), got 3`);
    expect(filesIn(dir)).toEqual(['bad.csv']);
  });
});
