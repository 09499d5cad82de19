import { join } from 'node:path';
import { IRIS, ensureBuilt, removeTempDirs, filesIn, kubiki, smallConfig, tempDir, writeIn } from './runCli';

/** Bad configs: each run exits 2 with one clear message naming the problem, and writes nothing. */
describe('kubiki train: bad config', () => {
  afterAll(removeTempDirs);
  beforeAll(ensureBuilt, 120_000);

  const trainWith = (edit: (config: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const dir = tempDir();
    const out = join(dir, 'out');
    const config = smallConfig(IRIS, out);
    edit(config);
    const file = writeIn(dir, 'model.json', config);
    return { ...kubiki('train', '--config', file), file, out };
  };

  it('exits 2 for usage errors: no --config, a bad --epochs, an unknown command', () => {
    const missing = kubiki('train');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--config <file>' not specified");
    const epochs = kubiki('train', '--config', 'x.json', '--epochs', '-3');
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toContain("option '--epochs <n>' argument '-3' is invalid");
    expect(kubiki('summary').code).toBe(2);
  });

  it('reports a missing or unreadable config file', () => {
    const dir = tempDir();
    const missing = kubiki('train', '--config', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: ${join(dir, 'nope.json')}: cannot read the config file (no such file)\n`);
    const directory = kubiki('train', '--config', dir);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('cannot read the config file (it is a directory)');
  });

  it('reports invalid JSON with line and column, without a stack trace', () => {
    const dir = tempDir();
    const file = writeIn(dir, 'model.json', '{\n  "model": {\n    "inputShape": [4]\n    "layers": []\n  }\n}\n');
    const result = kubiki('train', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${file}:4:5: invalid JSON: Expected ',' or '}' after property value\n`);
    const debug = kubiki('train', '--config', file, '--debug');
    expect(debug.stderr).toContain('at parseJson');
  });

  it('suggests the nearest name for a misspelt layer type and key', () => {
    const result = trainWith((c) => {
      c.model.layers[1].type = 'Relu2';
      c.training.epoch = 3;
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('model.layers[1].type: unknown layer "Relu2"; did you mean "ReLU"?');
    expect(result.stderr).toContain('training.epoch: unknown key "epoch"; did you mean "epochs"?');
    expect(filesIn(result.out)).toEqual([]);
  });

  it('names path, value and expectation for a negative lr, p ≥ 1 and a zero batch size, all at once', () => {
    const result = trainWith((c) => {
      c.optimizer.lr = -0.5;
      c.model.layers.splice(2, 0, { type: 'Dropout', p: 1 });
      c.training.batchSize = 0;
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain('optimizer.lr: expected a non-negative number, got -0.5');
    expect(result.stderr).toContain('model.layers[2].p: expected a number in [0, 1), got 1');
    expect(result.stderr).toContain('training.batchSize: expected a positive integer, got 0');
    expect(result.stderr).not.toContain('    at ');
  });

  it('reports a layer size mismatch naming both layers and shapes', () => {
    const result = trainWith((c) => (c.model.layers[2].inputSize = 5));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'model.layers[2].inputSize: Linear does not fit the output of model.layers[1] (ReLU), of shape [batch, 8]',
    );
    expect(result.stderr).toContain('[batch, 5]');
  });

  it('reports an output directory that cannot be created, before training', () => {
    const dir = tempDir();
    const blocker = writeIn(dir, 'file', 'not a directory');
    const result = trainWith((c) => (c.output.model = join(blocker, 'sub', 'model.json')));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`output.model: cannot create the directory "${join(blocker, 'sub')}"`);
    expect(result.stdout).not.toContain('Epoch');
    const directory = trainWith((c) => (c.output.model = dir));
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain(`output.model: "${dir}" is a directory; expected a file path`);
  });
});
