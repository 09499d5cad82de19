/**
 * @jest-environment ./test/interop/onnxRuntimeEnvironment.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnxModelProto } from '../../src/interop/onnxSchema';
import { Model } from '../../src/graph/Model';
import { loadModel } from '../../src/model/modelFile';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { IRIS, ensureBuilt, filesIn, kubiki, removeTempDirs, smallConfig, tempDir, writeIn } from './runCli';

describe('kubiki export / import', () => {
  let dir = '';
  let model = '';

  afterAll(removeTempDirs);
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir();
    const config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
    model = join(dir, 'iris.kubiki.json');
    const trained = kubiki('train', '--config', config, '--epochs', '2', '--quiet', '--output', model);
    if (trained.code !== 0) throw new Error(`train failed: ${trained.stderr}`);
  }, 120_000);

  it('--help lists export and import', () => {
    const help = kubiki('--help');
    expect(help.stdout).toMatch(/export \[options\]/);
    expect(help.stdout).toMatch(/import \[options\]/);
  });

  it('export → TF.js directory → import gives a model that predicts the same classes and probabilities', () => {
    const exported = kubiki('export', '--model', model, '--format', 'tfjs', '--output', join(dir, 'web'));
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('model.json and weights.bin');
    expect(filesIn(join(dir, 'web'))).toEqual(['model.json', 'weights.bin']);
    const back = join(dir, 'back.kubiki.json');
    const imported = kubiki('import', '--format', 'tfjs', '--input', join(dir, 'web'), '--output', back);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/3 layers, 67 parameters, input shape \[4\]/);
    // The class names and the normalisation travel in model.json's userDefinedMetadata.
    const original = kubiki('predict', '--model', model, '--data', IRIS, '--proba');
    const roundTrip = kubiki('predict', '--model', back, '--data', IRIS, '--proba');
    expect(roundTrip.code).toBe(0);
    expect(roundTrip.stdout).toBe(original.stdout);
    expect(roundTrip.stdout.split('\n')[1]).toMatch(/^(setosa|versicolor|virginica),/);
  });

  it('export --format onnx writes a ModelProto at the requested opset that ONNX Runtime runs like kubiki', async () => {
    const path = join(dir, 'iris.onnx');
    const result = kubiki('export', '--model', model, '--format', 'onnx', '--output', path, '--opset', '17');
    expect(result.code).toBe(0);
    const decoded = onnxModelProto().toObject(onnxModelProto().decode(readFileSync(path)), { longs: Number }) as {
      opset_import: { version: number }[];
      graph: { node: { op_type: string }[] };
    };
    expect(decoded.opset_import[0]?.version).toBe(17);
    expect(decoded.graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'Relu', 'Gemm']);
    const x = Tensor.uniform([5, 4], -2, 2, createRng(1));
    const session = await ort.InferenceSession.create(path);
    const output = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [5, 4]) })).output as ort.Tensor;
    await session.release();
    expectClose(Tensor.from(output.data as Float32Array, output.dims), loadModel(model).predict(x), 1e-5);
  });

  it('import --format keras reads model.to_json() and a get_weights() list', () => {
    const fixture = join(__dirname, '..', 'fixtures', 'interop', 'keras3-mlp.json');
    const shapes = [[3, 5], [5], [5, 4], [4, 2], [2]];
    const nested = (shape: number[], seed: number): unknown =>
      shape.length === 1 ? Array.from({ length: shape[0] as number }, (_, i) => Math.sin(seed + i)) : Array.from({ length: shape[0] as number }, (_, i) => nested(shape.slice(1), seed * 7 + i));
    const weights = writeIn(dir, 'weights.json', shapes.map((s, i) => nested(s, i + 1)));
    const out = join(dir, 'keras.kubiki.json');
    const result = kubiki('import', '--format', 'keras', '--input', fixture, '--weights', weights, '--output', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/8 layers, 50 parameters, input shape \[3\]/);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.format).toBe('kubiki-model');
    expect(saved.metadata.inputShape).toEqual([3]);
  });

  it('import --format keras reads a functional model (Keras 3) into a graph model file', () => {
    const fixture = join(__dirname, '..', 'fixtures', 'interop', 'keras3-functional.json');
    const shapes = [[5, 4], [4], [3, 4], [4, 2], [2], [4, 1], [1]];
    const nested = (shape: number[], seed: number): unknown =>
      shape.length === 1 ? Array.from({ length: shape[0] as number }, (_, i) => Math.cos(seed + i)) : Array.from({ length: shape[0] as number }, (_, i) => nested(shape.slice(1), seed * 5 + i));
    const weights = writeIn(dir, 'functional-weights.json', shapes.map((s, i) => nested(s, i + 1)));
    const out = join(dir, 'functional.kubiki.json');
    const result = kubiki('import', '--format', 'keras', '--input', fixture, '--weights', weights, '--output', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/8 layers, 51 parameters, inputs a \[3\], b \[2\]/);
    const loaded = loadModel(out);
    expect(loaded).toBeInstanceOf(Model);
    expect((loaded as Model).nodes.map((n) => n.name)).toContain('score_sigmoid');
  });

  it('import --channels-last transpose turns a channels_last Keras CNN into an NCHW model', () => {
    const doc = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          { class_name: 'Conv2D', config: { name: 'conv2d', batch_input_shape: [null, 5, 5, 2], filters: 3, kernel_size: [3, 3], activation: 'relu' } },
          { class_name: 'Flatten', config: { name: 'flatten' } },
          { class_name: 'Dense', config: { name: 'dense', units: 2 } },
        ],
      },
    };
    const input = writeIn(dir, 'nhwc.json', doc);
    const out = join(dir, 'nchw.kubiki.json');
    const refused = kubiki('import', '--format', 'keras', '--input', input, '--output', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('data_format "channels_last" (the Keras default)');
    const bad = kubiki('import', '--format', 'keras', '--input', input, '--output', out, '--channels-last', 'yes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected --channels-last transpose or error, got "yes"');
    const result = kubiki('import', '--format', 'keras', '--input', input, '--output', out, '--channels-last', 'transpose');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('input shape [2,5,5]');
    expect(JSON.parse(readFileSync(out, 'utf8')).metadata.transposedFrom).toEqual({ dataFormat: 'channels_last', inputShape: [5, 5, 2] });
  });

  it('bad usage and unsupported layers exit with 2 and say why', () => {
    const badFormat = kubiki('export', '--model', model, '--format', 'savedmodel', '--output', join(dir, 'x'));
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('export: expected --format tfjs or onnx, got "savedmodel"');
    const weightsForTfjs = kubiki('import', '--format', 'tfjs', '--input', join(dir, 'web'), '--weights', 'w.json', '--output', join(dir, 'y.json'));
    expect(weightsForTfjs.code).toBe(2);
    expect(weightsForTfjs.stderr).toContain('--weights applies to --format keras only');
    const gelu = writeIn(dir, 'gelu.kubiki.json', {
      ...JSON.parse(readFileSync(model, 'utf8')),
      layers: [{ type: 'Linear', inputSize: 4, outputSize: 8 }, { type: 'GELU' }, { type: 'Linear', inputSize: 8, outputSize: 3 }],
    });
    const unsupported = kubiki('export', '--model', gelu, '--format', 'tfjs', '--output', join(dir, 'gelu'));
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain('exportTfjs: layers[1] (GELU) has no Keras/TF.js layers equivalent');
    expect(filesIn(join(dir, 'gelu'))).toEqual([]);
    const badShape = kubiki('export', '--model', model, '--format', 'onnx', '--output', join(dir, 'w.onnx'), '--input-shape', '2,x');
    expect(badShape.code).toBe(2);
    expect(badShape.stderr).toContain('expected positive integers separated by commas');
    const wrongShape = kubiki('export', '--model', model, '--format', 'onnx', '--output', join(dir, 'w.onnx'), '--input-shape', '5');
    expect(wrongShape.code).toBe(2);
    expect(wrongShape.stderr).toContain('exportOnnx: inputShape [5] does not fit the model: layers[0] (Linear): Linear: expected input of shape [batch, 4], got [1, 5]');
    const underFile = kubiki('import', '--format', 'tfjs', '--input', join(dir, 'web'), '--output', join(model, 'x.json'));
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toMatch(/^error: import: --output: cannot create the directory/);
    const missing = kubiki('import', '--format', 'tfjs', '--input', join(dir, 'nowhere'), '--output', join(dir, 'z.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/importTfjs: .*nowhere: cannot read the file: no such file/);
  });
});
