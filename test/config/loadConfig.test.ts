import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig } from '../../src/config/loadConfig';
import { ConfigError } from '../../src/errors';
import { registerLoss } from '../../src/losses/buildLoss';
import { MSELoss } from '../../src/losses/MSELoss';
import { registerOptimizer } from '../../src/optim/buildOptimizer';
import { SGD } from '../../src/optim/SGD';

const base = () => ({
  model: {
    inputShape: [4],
    layers: [{ type: 'Linear', outputSize: 8 }, { type: 'ReLU' }, { type: 'Dropout', p: 0.1 }, { type: 'Linear', outputSize: 3 }],
  },
  loss: { type: 'CrossEntropyLoss' },
  optimizer: { type: 'SGD', lr: 0.1, momentum: 0.9 },
  data: { train: 'iris.csv', label: 'species', normalize: 'standard', validationSplit: 0.2 },
  training: { epochs: 5, batchSize: 16 },
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const errorOf = (edit: (c: Json) => void): string => {
  const config: Json = base();
  edit(config);
  try {
    validateConfig(config, '/cfg/model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('validateConfig', () => {
  it('infers the input sizes of sequence layers, also inside Bidirectional', () => {
    const config = validateConfig(
      {
        ...base(),
        model: {
          inputShape: [7],
          layers: [
            { type: 'Embedding', numEmbeddings: 10, embeddingDim: 4 },
            { type: 'Bidirectional', layer: { type: 'LSTM', hiddenSize: 3, returnSequences: true } },
            { type: 'GRU', hiddenSize: 5 },
            { type: 'Linear', outputSize: 2 },
          ],
        },
      },
      '/cfg/model.json',
    );
    expect(config.model.layers[1]).toEqual({
      type: 'Bidirectional', merge: 'concat', layer: { type: 'LSTM', inputSize: 4, hiddenSize: 3, returnSequences: true },
    });
    expect(config.model.layers[2]).toMatchObject({ type: 'GRU', inputSize: 6, hiddenSize: 5 });
    expect(config.model.shapes).toEqual([[1, 7, 4], [1, 7, 6], [1, 5], [1, 2]]);
  });

  it('infers input sizes, fills defaults and resolves paths against the config file', () => {
    const config = validateConfig(base(), '/cfg/model.json');
    expect(config.model.layers[0]).toMatchObject({ type: 'Linear', inputSize: 4, outputSize: 8 });
    expect(config.model.layers[3]).toMatchObject({ type: 'Linear', inputSize: 8, outputSize: 3 });
    expect(config.model.shapes).toEqual([[1, 8], [1, 8], [1, 8], [1, 3]]);
    expect(config.data).toMatchObject({ train: '/cfg/iris.csv', label: 'species', validationSplit: 0.2 });
    expect(config.training).toMatchObject({ epochs: 5, batchSize: 16, seed: 0, shuffle: true });
    expect(config.output).toEqual({ model: '/cfg/out/model.kubiki.json', history: '/cfg/out/history.csv' });
    expect(config.optimizer).toMatchObject({ type: 'SGD', lr: 0.1, momentum: 0.9 });
  });

  it('suggests the nearest name for unknown types and keys', () => {
    expect(errorOf((c) => (c.model.layers[1].type = 'Relu2'))).toBe(
      '/cfg/model.json: model.layers[1].type: unknown layer "Relu2"; did you mean "ReLU"?',
    );
    expect(errorOf((c) => (c.optimizer.type = 'Adamm'))).toContain('optimizer.type: unknown optimizer "Adamm"; did you mean "Adam"?');
    expect(errorOf((c) => (c.loss.type = 'CrossEntropy'))).toContain('did you mean "CrossEntropyLoss"?');
    expect(errorOf((c) => (c.training.epoch = 3))).toContain('training.epoch: unknown key "epoch"; did you mean "epochs"?');
    expect(errorOf((c) => (c.model.layers[0].outputSise = 3))).toContain(
      'model.layers[0].outputSise: unknown option "outputSise" of Linear; did you mean "outputSize"?',
    );
    expect(errorOf((c) => (c.optimizer.momentun = 0.5))).toContain('did you mean "momentum"?');
    expect(errorOf((c) => (c.data.normalize = 'standart'))).toContain(
      'data.normalize: expected one of "none", "standard", "minmax", got "standart"; did you mean "standard"?',
    );
  });

  it('names the path, the bad value and what is expected for wrong types and ranges', () => {
    expect(errorOf((c) => (c.optimizer.lr = -0.1))).toContain('optimizer.lr: expected a non-negative number, got -0.1');
    expect(errorOf((c) => (c.model.layers[2].p = 1))).toContain('model.layers[2].p: expected a number in [0, 1), got 1');
    expect(errorOf((c) => (c.training.batchSize = 0))).toContain('training.batchSize: expected a positive integer, got 0');
    expect(errorOf((c) => (c.model.layers[0].outputSize = '8'))).toContain('model.layers[0].outputSize: expected a positive integer, got "8"');
    expect(errorOf((c) => delete c.model.layers[0].outputSize)).toContain('model.layers[0].outputSize: missing; expected a positive integer');
    expect(errorOf((c) => delete c.data.train)).toContain('data.train: missing; expected a file path');
    expect(errorOf((c) => (c.schedule = 'import("fs")'))).toContain('schedule');
    const many = errorOf((c) => {
      c.training.batchSize = 0;
      c.data.validationSplit = 1;
    });
    expect(many).toContain('2 problems');
    const mixed = errorOf((c) => {
      c.training.batchSize = 0;
      c.optimizer.lr = -1;
      c.model.layers[2].p = 1;
    });
    expect(mixed).toContain('3 problems');
    expect(mixed).toContain('training.batchSize: expected a positive integer, got 0');
    expect(mixed).toContain('optimizer.lr: expected a non-negative number, got -1');
    expect(mixed).toContain('model.layers[2].p: expected a number in [0, 1), got 1');
    expect(() => validateConfig([], 'f.json')).toThrow('f.json: (top level): expected a JSON object');
  });

  it('rejects early stopping on validation metrics without a validation split', () => {
    expect(
      errorOf((c) => {
        c.data.validationSplit = 0;
        c.training.earlyStopping = { monitor: 'valAccuracy', patience: 2 };
      }),
    ).toContain('training.earlyStopping.monitor: "valAccuracy" needs validation data; set data.validationSplit');
  });

  it('rejects a given inputSize that does not match, naming both layers and shapes', () => {
    const message = errorOf((c) => (c.model.layers[3].inputSize = 5));
    expect(message).toContain('model.layers[3].inputSize: Linear does not fit the output of model.layers[2] (Dropout), of shape [batch, 8]');
    expect(message).toContain('[batch, 5]');
    expect(errorOf((c) => (c.model.layers[0].inputSize = 3))).toContain('the output of model.inputShape [4]');
  });

  it('reports invalid JSON with line and column, and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubiki-config-'));
    const file = join(dir, 'model.json');
    writeFileSync(file, '{\n  "model": {\n    "inputShape": [4],,\n  }\n}\n');
    expect(() => loadConfig(file)).toThrow(`${file}:3:23: invalid JSON: Expected double-quoted property name`);
    expect(() => loadConfig(join(dir, 'nope.json'))).toThrow('cannot read the config file (no such file)');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('validateConfig with registered blocks', () => {
  it('accepts a registered loss and optimizer after the built-ins, and addresses their bad options', () => {
    registerLoss('HalfMSE', () => {
      const inner = new MSELoss();
      return {
        name: 'HalfMSE',
        output: 'values',
        targets: 'values',
        forward: (p, t) => inner.forward(p, t) / 2,
        backward: () => inner.backward(),
        toConfig: () => ({ type: 'HalfMSE' }),
      };
    });
    registerOptimizer('FixedSGD', (config) => {
      const sgd = new SGD({ lr: config.lr as number });
      return { name: 'FixedSGD', lr: sgd.lr, step: (params) => sgd.step(params), toConfig: () => ({ type: 'FixedSGD', lr: sgd.lr }) };
    });
    const config: Json = base();
    config.loss = { type: 'HalfMSE' };
    config.optimizer = { type: 'FixedSGD', lr: 0.5 };
    const valid = validateConfig(config, '/cfg/model.json');
    expect(valid.loss).toEqual({ type: 'HalfMSE' });
    expect(valid.optimizer).toEqual({ type: 'FixedSGD', lr: 0.5 });
    expect(errorOf((c) => (c.optimizer = { type: 'FixedSGD', lr: -1 }))).toContain(
      'optimizer.lr: expected a non-negative number, got -1',
    );
    expect(errorOf((c) => (c.loss = { type: 'HalfMSE', weight: 2 }))).toContain('loss.weight: unknown option "weight" of HalfMSE');
    expect(errorOf((c) => (c.loss = { type: 'HalfMSo' }))).toContain('loss.type: unknown loss "HalfMSo"; did you mean "HalfMSE"?');
  });
});
