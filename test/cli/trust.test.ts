import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IRIS, ensureBuilt, filesIn, kubiki, removeTempDirs, smallConfig, tempDir, writeIn } from './runCli';

/*
 * Issue 13: inputs that used to give a wrong answer with exit code 0, or a crash without a message.
 * Each test is named after the behaviour that failed before.
 */

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IRIS_TEXT = readFileSync(IRIS, 'utf8');
const IRIS_ROWS = IRIS_TEXT.trim().split('\n').slice(1).map((line) => line.split(','));

/** Iris with its columns in another order: `order` lists the original column indices. */
function irisColumns(order: readonly number[], names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']): string {
  const header = order.map((i) => names[i] ?? `extra${i}`).join(',');
  const rows = IRIS_ROWS.map((row) => order.map((i) => row[i] ?? String(i)).join(','));
  return `${header}\n${rows.join('\n')}\n`;
}

describe('kubiki: no silent wrong answers (issue 13)', () => {
  let work = '';
  let modelFile = '';

  afterAll(removeTempDirs);
  beforeAll(() => {
    ensureBuilt();
    work = tempDir();
    const config = smallConfig(IRIS, join(work, 'trained'));
    config.training.epochs = 30;
    const result = kubiki('train', '--config', writeIn(work, 'model.json', config), '--quiet');
    if (result.code !== 0) throw new Error(`training the fixture failed: ${result.stderr}`);
    modelFile = join(work, 'trained', 'model.kubiki.json');
  }, 120_000);

  const train = (config: Config, ...args: string[]) => {
    const dir = tempDir();
    return { ...kubiki('train', '--config', writeIn(dir, 'model.json', config), '--quiet', ...args), dir };
  };

  it('evaluate and predict take the features by header name: reordered columns give the same accuracy, extra columns are ignored', () => {
    const same = kubiki('evaluate', '--model', modelFile, '--data', IRIS, '--json');
    expect(same.code).toBe(0);
    const expected = JSON.parse(same.stdout).accuracy as number;
    expect(expected).toBeGreaterThan(0.8);
    const dir = tempDir();
    const shuffled = writeIn(dir, 'shuffled.csv', irisColumns([4, 3, 5, 1, 0, 2]));
    const result = kubiki('evaluate', '--model', modelFile, '--data', shuffled, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).accuracy).toBe(expected);
    const predicted = kubiki('predict', '--model', modelFile, '--data', shuffled);
    expect(predicted.stdout).toBe(kubiki('predict', '--model', modelFile, '--data', IRIS).stdout);
  });

  it('a missing feature column is an error naming it, not a silent shift of the others', () => {
    const data = writeIn(tempDir(), 'missing.csv', irisColumns([0, 1, 3, 4]));
    const result = kubiki('predict', '--model', modelFile, '--data', data);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${data}: missing the feature column "petal_length" the model was trained on`);
  });

  it('predict ignores the label column, also values not seen in training', () => {
    const data = writeIn(tempDir(), 'unseen.csv', IRIS_TEXT.replace(',setosa\n', ',rose\n'));
    const result = kubiki('predict', '--model', modelFile, '--data', data);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe('setosa');
  });

  it('a loss that grows finite but huge (lr 1e30) is divergence: exit 1, the message names the epoch and the rule, the old model stays', () => {
    for (const optimizer of [{ type: 'Adam', lr: 1e30 }, { type: 'SGD', lr: 1e30 }]) {
      const dir = tempDir();
      const config = smallConfig(IRIS, dir);
      // examples/iris's network: with Tanh the loss stays finite (~1e30) where ReLU's turns NaN.
      config.model.layers = [{ type: 'Linear', outputSize: 16 }, { type: 'Tanh' }, { type: 'Linear', outputSize: 3 }];
      config.optimizer = optimizer;
      config.training.epochs = 5;
      writeFileSync(join(dir, 'model.kubiki.json'), 'the old model');
      const result = kubiki('train', '--config', writeIn(dir, 'model.json', config), '--quiet');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/training diverged at epoch 0: the epoch's loss .*e\+\d+ exceeds 10000 × the first batch's loss/);
      expect(result.stderr).toContain('(the rule: divergenceFactor × the initial loss; training.divergenceFactor in a config)');
      expect(readFileSync(join(dir, 'model.kubiki.json'), 'utf8')).toBe('the old model');
      expect(existsSync(join(dir, 'history.csv'))).toBe(false);
    }
  });

  it('training.divergenceFactor sets the rule', () => {
    const config = smallConfig(IRIS, tempDir());
    config.training.divergenceFactor = 0.5;
    const refused = train(config);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('training.divergenceFactor: expected a number > 1, got 0.5');
  });

  it('numbers beyond float32 in a CSV (1e39, 1e400) are a DataError at file:line:column, in train and predict', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'big.csv', IRIS_TEXT.replace('4.9,3,1.4,0.2', '4.9,1e39,1.4,0.2'));
    const trained = train(smallConfig(data, join(dir, 'out')));
    expect(trained.code).toBe(2);
    expect(trained.stderr).toContain(`${data}:3:2: expected a number in column "sepal_width" that fits float32`);
    const huge = writeIn(dir, 'huge.csv', IRIS_TEXT.replace('4.9,3,1.4,0.2', '4.9,3,1e400,0.2'));
    const predicted = kubiki('predict', '--model', modelFile, '--data', huge);
    expect(predicted.code).toBe(2);
    expect(predicted.stderr).toContain(`${huge}:3:3: expected a number in column "petal_length" that fits float32`);
    expect(predicted.stdout).toBe('');
  });

  it('a last layer with more outputs than the label has classes is refused at train', () => {
    const config = smallConfig(IRIS, tempDir());
    config.model.layers[2].outputSize = 5;
    const result = train(config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the label column has 3 classes (setosa, versicolor, virginica), but the model has 5 outputs; set the last layer's outputSize to 3");
  });

  it('CrossEntropyLoss with one output unit is a configuration error suggesting BCEWithLogitsLoss', () => {
    const config = smallConfig(IRIS, tempDir());
    config.model.layers[2].outputSize = 1;
    const result = train(config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('loss: CrossEntropyLoss needs at least 2 outputs (one per class), got 1');
    expect(result.stderr).toContain('BCEWithLogitsLoss');
  });

  it('BCELoss on a 3-class label says BCE is for two classes and suggests CrossEntropyLoss', () => {
    const config = smallConfig(IRIS, tempDir());
    config.model.layers[2].outputSize = 1;
    config.model.layers.push({ type: 'Sigmoid' });
    config.loss = { type: 'BCELoss' };
    const result = train(config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('BCELoss is for two classes (or multi-label 0/1 targets), but the label column "species" has 3 classes');
    expect(result.stderr).toContain('use CrossEntropyLoss');
  });

  it('output paths that coincide are refused before any work; --output moves the history beside the model', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'iris.csv', IRIS_TEXT);
    const same = smallConfig(data, dir);
    same.output.history = same.output.model;
    const history = train(same);
    expect(history.code).toBe(2);
    expect(history.stderr).toContain(`output.history: expected a file of its own, got the same file as output.model ("${join(dir, 'model.kubiki.json')}")`);
    const overData = smallConfig(data, dir);
    overData.output.model = './iris.csv';
    const configFile = writeIn(dir, 'over.json', overData);
    const overwritten = kubiki('train', '--config', configFile, '--quiet');
    expect(overwritten.code).toBe(2);
    expect(overwritten.stderr).toContain('output.model: expected a file of its own, got the same file as data.train');
    expect(readFileSync(data, 'utf8')).toBe(IRIS_TEXT);
    const viaFlag = kubiki('train', '--config', writeIn(dir, 'ok.json', smallConfig(data, join(dir, 'first'))), '--quiet', '--output', data);
    expect(viaFlag.code).toBe(2);
    expect(viaFlag.stderr).toContain('--output: expected a file of its own, got the same file as data.train');

    const moved = kubiki('train', '--config', writeIn(dir, 'moved.json', smallConfig(data, join(dir, 'first'))), '--quiet', '--output', join(dir, 'second', 'm.json'));
    expect(moved.code).toBe(0);
    expect(filesIn(join(dir, 'second'))).toEqual(['history.csv', 'm.json']);
    expect(existsSync(join(dir, 'first'))).toBe(false);
  });

  it('BatchNorm trains when the last batch would hold one row (120 rows, batch 7 or 119); batchSize 1 is refused', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'iris120.csv', `${IRIS_TEXT.split('\n').slice(0, 121).join('\n')}\n`);
    for (const batchSize of [7, 119]) {
      const config = smallConfig(data, join(dir, `out${batchSize}`));
      config.data.validationSplit = 0;
      config.model.layers.splice(1, 0, { type: 'BatchNorm1D' });
      config.training.batchSize = batchSize;
      const result = train(config);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const one = smallConfig(data, join(dir, 'one'));
    one.model.layers.splice(1, 0, { type: 'BatchNorm1D' });
    one.training.batchSize = 1;
    const refused = train(one);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('training.batchSize: expected at least 2 with BatchNorm1D (model.layers[1]), got 1');
  });

  it('sizes from the command line or a config are bounded with a clear error (exit 2), not a crash', () => {
    const config = writeIn(tempDir(), 'model.json', smallConfig(IRIS, tempDir()));
    const batch = kubiki('gradcheck', '--config', config, '--batch', '100000000');
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain('expected an integer in 1..1024');
    const huge = smallConfig(IRIS, tempDir());
    huge.model.layers[0].outputSize = 2e9;
    const result = train(huge);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('model.layers[0]: expected at most 268435456 values');
    expect(result.stderr).not.toContain('RangeError');
  });

  it("schedule expressions are checked with the config's learning rate, not lr0 = 0.1", () => {
    const ok = smallConfig(IRIS, tempDir());
    ok.optimizer = { type: 'SGD', lr: 0.01 };
    ok.schedule = '0.05 - lr0';
    expect(train(ok).code).toBe(0);
    const bad = smallConfig(IRIS, tempDir());
    bad.optimizer = { type: 'SGD', lr: 0.1 };
    bad.schedule = '0.05 - lr0';
    const result = train(bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(lr0 = 0.1)');
    const other = smallConfig(IRIS, tempDir());
    other.optimizer = { type: 'SGD', lr: 0.2 };
    other.schedule = '0.05 - lr0';
    expect(train(other).stderr).toContain('(lr0 = 0.2)');
  });

  it('temporary files left by a killed write are removed by the next successful write of the same file', () => {
    const dir = tempDir();
    const config = smallConfig(IRIS, dir);
    writeFileSync(join(dir, '.model.kubiki.json.999999999.1.tmp'), 'half a model');
    writeFileSync(join(dir, '.history.csv.999999998.1.tmp'), 'half a history');
    writeFileSync(join(dir, '.other.json.999999997.1.tmp'), 'not ours');
    expect(train(config).code).toBe(0);
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual(['.other.json.999999997.1.tmp']);
  });

  it('kubiki import without --weights warns that the layers are untrained', () => {
    const dir = tempDir();
    const result = kubiki('import', '--format', 'keras', '--input', join(__dirname, '..', 'fixtures', 'interop', 'keras2-mlp.json'), '--output', join(dir, 'm.json'));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: import: no --weights given; the layers keep fresh random initial values');
  });
});

/** Bad inputs from the issue, one row each: what is given, the exit code, and what the message must say. */
describe('kubiki: bad inputs from issue 13, table-driven', () => {
  afterAll(removeTempDirs);
  beforeAll(() => ensureBuilt(), 120_000);

  interface Case {
    name: string;
    csv?: string;
    edit?: (config: Config, dir: string) => void;
    configText?: (config: Config) => string;
    args?: (dir: string) => string[];
    code: number;
    says: string[];
    never?: string[];
  }

  const cases: Case[] = [
    { name: 'a UTF-8 BOM in a JSON config is accepted', configText: (c) => `\ufeff${JSON.stringify(c)}`, code: 0, says: [] },
    {
      name: 'a validation split leaving no rows names the config key, not an internal function',
      csv: 'a,b,c,d,species\n1,2,3,4,x\n2,3,4,5,y\n3,4,5,6,z\n',
      edit: (c) => (c.data.validationSplit = 0.1),
      code: 2,
      says: ['data.validationSplit (of '],
      never: ['splitIndices'],
    },
    { name: 'a ";"-separated CSV is recognised in the message', csv: 'a;b;c;d;species\n1;2;3;4;x\n', code: 2, says: [':1: expected comma-separated values, got a line separated by ";"'] },
    { name: 'a duplicated column name is an error', csv: 'a,b,a,d,species\n1,2,3,4,x\n', code: 2, says: [':1:3: expected unique column names, got "a" in columns 1 and 3'] },
    { name: 'Infinity in a CSV is refused with line and column', csv: 'a,b,c,d,species\n1,2,Infinity,4,x\n', code: 2, says: [':2:3: expected a number in column "c", got "Infinity"'] },
    {
      name: 'an unwritable output directory is found before training',
      edit: (c, dir) => {
        writeFileSync(join(dir, 'a-file'), '');
        c.output.model = join(dir, 'a-file', 'model.kubiki.json');
      },
      code: 2,
      says: ['output.model: cannot create the directory'],
    },
    { name: '--resume without training.checkpoint says what to add', args: () => ['--resume'], code: 2, says: ['--resume needs training.checkpoint'] },
    {
      name: 'a checkpoint path equal to the model is refused',
      edit: (c) => (c.training.checkpoint = { path: c.output.model, every: 1 }),
      code: 2,
      says: ['training.checkpoint.path: expected a file of its own, got the same file as output.model'],
    },
    { name: 'checkpoint.every must be a positive integer', edit: (c) => (c.training.checkpoint = { path: 'c.json', every: 0 }), code: 2, says: ['training.checkpoint.every: expected a positive integer'] },
  ];

  it.each(cases)('$name', ({ csv, edit, configText, args, code, says, never }) => {
    const dir = tempDir();
    const data = csv === undefined ? IRIS : writeIn(dir, 'data.csv', csv);
    const config = smallConfig(data, join(dir, 'out'));
    config.training.epochs = 1;
    edit?.(config, dir);
    const file = writeIn(dir, 'model.json', configText ? configText(config) : config);
    const result = kubiki('train', '--config', file, '--quiet', ...(args?.(dir) ?? []));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr: expect.any(String) });
    for (const text of says) expect(result.stderr).toContain(text);
    for (const text of never ?? []) expect(result.stderr).not.toContain(text);
    if (code !== 0) expect(filesIn(join(dir, 'out'))).toEqual([]);
  });

  it('--proba on a regression model is an error', () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'regression', 'model.json'), 'utf8')) as Config;
    config.data.train = join(__dirname, '..', '..', 'examples', 'regression', 'wave.csv');
    delete config.data.test;
    config.training.epochs = 1;
    config.output = { model: join(dir, 'm.json'), history: join(dir, 'h.csv') };
    expect(kubiki('train', '--config', writeIn(dir, 'c.json', config), '--quiet').code).toBe(0);
    const result = kubiki('predict', '--model', join(dir, 'm.json'), '--data', config.data.train, '--proba');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--proba: the model');
    expect(result.stderr).toContain('predicts numbers (MSELoss), not classes');
  });
});
