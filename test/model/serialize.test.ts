import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/errors';
import { Dropout } from '../../src/layers/Dropout';
import { Linear } from '../../src/layers/Linear';
import { ReLU } from '../../src/layers/ReLU';
import { Softmax } from '../../src/layers/Softmax';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { loadModel, saveModel } from '../../src/model/modelFile';
import { Sequential } from '../../src/model/Sequential';
import type { ModelDocument } from '../../src/model/serialize';
import { SGD } from '../../src/optim/SGD';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubiki-serialize-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trainedModel(): { model: Sequential; x: Tensor } {
  const rng = createRng(3);
  const model = new Sequential([new Linear(4, 6, { rng }), new ReLU(), new Dropout(0.3), new Linear(6, 3, { rng })]);
  const x = Tensor.uniform([20, 4], -1, 1, rng);
  const y = Tensor.from(Array.from({ length: 20 }, (_, i) => i % 3));
  model.fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 3, batchSize: 8, seed: 1 });
  return { model, x };
}

/** A saved model's document, edited by `edit`, written to a fresh file; returns its path. */
function editedFile(name: string, edit: (doc: ModelDocument & Record<string, unknown>) => void): string {
  const doc = JSON.parse(JSON.stringify(trainedModel().model.toJSON()));
  edit(doc);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('saving and loading', () => {
  it('save → load gives identical predictions, configs and metadata', () => {
    const { model, x } = trainedModel();
    model.metadata = { classes: ['a', 'b', 'c'], normalization: { mean: [0.5, 1] } };
    const path = join(dir, 'nested', 'deeper', 'model.json');
    saveModel(model, path);
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['model.json']); // no temporary file left
    const loaded = loadModel(path);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(loaded.layers.map((l) => l.toConfig())).toEqual(model.layers.map((l) => l.toConfig()));
    expect(loaded.metadata).toEqual(model.metadata);
    expect(loaded.paramGrads().map((p) => p.name)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
  });

  it('stores weights exactly as base64 little-endian bytes, float64 included', () => {
    const linear = new Linear(2, 2, { dtype: 'float64' });
    linear.weight.value.data.set([0.1, 1 / 3, -Math.PI, 1e-300]);
    const doc = new Sequential([linear, new Softmax()]).toJSON();
    expect(doc.format).toBe('kubiki-model');
    expect(doc.version).toBe(1);
    const weight = doc.weights[0]!;
    expect(weight).toMatchObject({ name: '0.weight', shape: [2, 2], dtype: 'float64' });
    const bytes = Buffer.from(weight.data, 'base64');
    expect(bytes.readDoubleLE(8)).toBe(1 / 3);
    const loaded = Sequential.fromJSON(JSON.parse(JSON.stringify(doc)));
    const param = loaded.paramGrads()[0]!;
    expect(param.value.dtype).toBe('float64');
    expect(param.grad.dtype).toBe('float64');
    expect(Array.from(param.value.data)).toEqual([0.1, 1 / 3, -Math.PI, 1e-300]);
  });

  it('overwrites atomically: a failed save leaves the old file intact', () => {
    const { model } = trainedModel();
    const path = join(dir, 'keep.json');
    saveModel(model, path);
    const before = readFileSync(path, 'utf8');
    const broken = trainedModel().model;
    broken.metadata = { loop: 1n as unknown }; // JSON.stringify throws on a BigInt
    expect(() => saveModel(broken, path)).toThrow(DataError);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('keep.json'))).toEqual(['keep.json']);
  });

  it('names what is wrong with a bad model file', () => {
    expect(() => loadModel(join(dir, 'missing.json'))).toThrow(/loadModel: cannot read ".*missing.json": no such file/);

    const notOurs = editedFile('other.json', (doc) => {
      doc.format = 'keras' as 'kubiki-model';
    });
    expect(() => loadModel(notOurs)).toThrow(DataError);
    expect(() => loadModel(notOurs)).toThrow('format: expected "kubiki-model", got "keras"; this is not a kubiki model file');

    const newer = editedFile('newer.json', (doc) => {
      doc.version = 3 as 1;
    });
    expect(() => loadModel(newer)).toThrow(
      'version: the file has model format version 3, but this kubiki reads versions up to 2 only; upgrade kubiki to load it',
    );

    const truncatedPath = join(dir, 'truncated.json');
    const full = JSON.stringify(trainedModel().model.toJSON());
    writeFileSync(truncatedPath, full.slice(0, Math.floor(full.length / 2)));
    expect(() => loadModel(truncatedPath)).toThrow(DataError);
    expect(() => loadModel(truncatedPath)).toThrow(/truncated\.json: expected a kubiki model file \(JSON\), but it does not parse: .*is it truncated\?/);

    const shortWeight = editedFile('short.json', (doc) => {
      const bias = doc.weights[1]!; // 0.bias: 6 float32 = 24 bytes
      bias.data = Buffer.from(bias.data, 'base64').subarray(0, 20).toString('base64');
    });
    expect(() => loadModel(shortWeight)).toThrow(
      'weights[1] "0.bias".data: expected 24 bytes (6 × float32), got 20; the file is truncated or corrupted',
    );

    const wrongShape = editedFile('shape.json', (doc) => {
      doc.weights[2]!.shape = [3, 6];
    });
    expect(() => loadModel(wrongShape)).toThrow('weights[2] "3.weight": expected shape [6, 3], got [3, 6]');

    const missing = editedFile('missing-weight.json', (doc) => {
      doc.weights.pop();
    });
    expect(() => loadModel(missing)).toThrow('weights: missing "3.bias" of shape [3]; the file is incomplete');

    const badLayer = editedFile('layer.json', (doc) => {
      (doc.layers[1] as { type: string }).type = 'Relu2';
    });
    expect(() => loadModel(badLayer)).toThrow('layers[1].type: unknown layer "Relu2"; did you mean "ReLU"?');
    const unknownLayer = editedFile('layer2.json', (doc) => {
      (doc.layers[1] as { type: string }).type = 'Convolution3D';
    });
    expect(() => loadModel(unknownLayer)).toThrow(/layers\[1\]\.type: unknown layer "Convolution3D"; expected one of Linear, ReLU, /);

    const badConfig = editedFile('config.json', (doc) => {
      (doc.layers[0] as { outputSize: number }).outputSize = -6;
    });
    expect(() => loadModel(badConfig)).toThrow('layers[0] (Linear): Linear: expected outputSize to be a positive integer, got -6');
  });
});
