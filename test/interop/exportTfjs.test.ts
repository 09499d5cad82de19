import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError } from '../../src/errors';
import { exportTfjs } from '../../src/interop/exportTfjs';
import { importTfjs } from '../../src/interop/importTfjs';
import { Dropout } from '../../src/layers/Dropout';
import { ELU } from '../../src/layers/ELU';
import { GELU } from '../../src/layers/GELU';
import { Identity } from '../../src/layers/Identity';
import { LeakyReLU } from '../../src/layers/LeakyReLU';
import { Linear } from '../../src/layers/Linear';
import { LogSoftmax } from '../../src/layers/LogSoftmax';
import { ReLU } from '../../src/layers/ReLU';
import { Sigmoid } from '../../src/layers/Sigmoid';
import { Softmax } from '../../src/layers/Softmax';
import { Softplus } from '../../src/layers/Softplus';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { cnn, cnn2 } from './models';
import { loadInTfjs, predictInTfjs, removeDir, temporaryDir } from './tfjsHarness';

/** An MLP using every activation that has a TF.js equivalent, with seeded non-trivial weights. */
function mlp(seed: number): Sequential {
  const rng = createRng(seed);
  const model = new Sequential([
    new Linear(5, 8, { rng }),
    new ReLU(),
    new Linear(8, 7, { rng }),
    new LeakyReLU(0.1),
    new Linear(7, 7, { rng, bias: false }),
    new Tanh(),
    new Dropout(0.3),
    new Linear(7, 6, { rng }),
    new ELU(),
    new Linear(6, 6, { rng }),
    new Sigmoid(),
    new Identity(),
    new Softplus(),
    new Linear(6, 4, { rng }),
    new Softmax(),
  ]);
  // Non-zero biases, so a swapped or dropped bias shows.
  for (const p of model.paramGrads()) if (p.name.endsWith('bias')) p.value.data.set(Tensor.uniform(p.value.shape, -0.5, 0.5, rng).data);
  return model;
}

describe('exportTfjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir();
  });
  afterEach(() => removeDir(dir));

  test('writes a layers-model with a Keras Sequential topology and a float32 manifest', () => {
    exportTfjs(mlp(1), dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    const layers = json.modelTopology.config.layers;
    expect(layers[0]).toMatchObject({
      class_name: 'Dense',
      config: { name: 'dense_1', units: 8, activation: 'relu', use_bias: true, batch_input_shape: [null, 5] },
    });
    expect(layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      'Dense', 'Dense', 'LeakyReLU', 'Dense', 'Dropout', 'Dense', 'Dense', 'Activation', 'Activation', 'Dense',
    ]);
    const specs = json.weightsManifest[0].weights;
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(specs[0]).toEqual({ name: 'dense_1/kernel', shape: [5, 8], dtype: 'float32' });
    expect(specs[1]).toEqual({ name: 'dense_1/bias', shape: [8], dtype: 'float32' });
    const floats = specs.reduce((n: number, s: { shape: number[] }) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    expect(readFileSync(join(dir, 'weights.bin')).byteLength).toBe(floats * 4);
  });

  test('TF.js loads the exported model and predicts the same values to 1e-5', async () => {
    const model = mlp(2);
    exportTfjs(model, dir);
    const tfModel = await loadInTfjs(dir);
    const x = Tensor.uniform([9, 5], -2, 2, createRng(3));
    expectClose(predictInTfjs(tfModel, x), model.predict(x), 1e-5);
    tfModel.dispose();
  });

  test('LogSoftmax exports as a Keras layer TF.js reads; ELU(alpha ≠ 1), which TF.js cannot load, is refused', async () => {
    const rng = createRng(4);
    const model = new Sequential([new Linear(3, 5, { rng }), new LogSoftmax()]);
    exportTfjs(model, dir);
    const tfModel = await loadInTfjs(dir);
    const x = Tensor.uniform([4, 3], -2, 2, rng);
    expectClose(predictInTfjs(tfModel, x), model.predict(x), 1e-5);
    tfModel.dispose();
    expect(() => exportTfjs(new Sequential([new Linear(3, 2, { rng }), new ELU(0.5)]), dir)).toThrow(
      'exportTfjs: layers[1] (ELU) has no Keras/TF.js layers equivalent: TF.js supports ELU with alpha 1 only, got alpha 0.5; export to ONNX instead',
    );
  });

  test('kubiki → TF.js files → kubiki is exact: same layers, same weights bit for bit, same metadata', () => {
    const model = mlp(5);
    model.metadata.classes = ['a', 'b', 'c', 'd'];
    exportTfjs(model, dir);
    const back = importTfjs(dir);
    expect(back.layers.map((l) => l.toConfig().type)).toEqual(model.layers.map((l) => l.toConfig().type));
    const original = model.paramGrads();
    const imported = back.paramGrads();
    expect(imported.map((p) => [p.name, p.value.shape])).toEqual(original.map((p) => [p.name, p.value.shape]));
    imported.forEach((p, i) => expect(Array.from(p.value.data)).toEqual(Array.from((original[i] as typeof p).value.data)));
    expect(back.metadata).toEqual({ classes: ['a', 'b', 'c', 'd'], inputShape: [5] });
    const x = Tensor.uniform([6, 5], -1, 1, createRng(6));
    expect(Array.from(back.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  test.each([
    ['cnn', cnn, [4, 1, 8, 8]],
    ['cnn2', cnn2, [3, 2, 9, 8]],
  ] as const)('a %s (channels_first in TF.js) loads with the same predictions and round-trips exactly', async (_, build, shape) => {
    const model = build(8);
    exportTfjs(model, dir);
    const tfModel = await loadInTfjs(dir);
    const x = Tensor.uniform(shape, -2, 2, createRng(9));
    expectClose(predictInTfjs(tfModel, x), model.predict(x), 1e-5);
    tfModel.dispose();
    const back = importTfjs(dir) as Sequential;
    expect(back).toBeInstanceOf(Sequential);
    expect(back.layers.map((l) => l.toConfig())).toEqual(model.layers.map((l) => l.toConfig()));
    const tensors = (m: typeof model) => [...m.paramGrads(), ...m.buffers()].map((t) => [t.name, Array.from(t.value.data)]);
    expect(tensors(back)).toEqual(tensors(model));
    expect(Array.from(back.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  test('Conv2D padding becomes ZeroPadding2D + Conv2D "valid", kernels are stored [kh, kw, in, out]', () => {
    exportTfjs(cnn(1), dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const [pad, conv] = json.modelTopology.config.layers;
    expect(pad).toMatchObject({ class_name: 'ZeroPadding2D', config: { padding: [[1, 1], [1, 1]], data_format: 'channels_first', batch_input_shape: [null, 1, 8, 8] } });
    expect(conv).toMatchObject({ class_name: 'Conv2D', config: { filters: 4, kernel_size: [3, 3], padding: 'valid', data_format: 'channels_first' } });
    expect(json.weightsManifest[0].weights[0]).toEqual({ name: 'conv2d_1/kernel', shape: [3, 3, 1, 4], dtype: 'float32' });
  });

  test('the input shape comes from the option, then model.metadata.inputShape, then the first Linear', () => {
    const model = new Sequential([new Linear(4, 2)]);
    exportTfjs(model, dir);
    const first = () => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology.config.layers[0].config;
    expect(first().batch_input_shape).toEqual([null, 4]);
    const flat = new Sequential([new Dropout(0.1)]);
    expect(() => exportTfjs(flat, dir)).toThrow(/cannot tell the model's input shape.*pass \{ inputShape/);
    flat.metadata.inputShape = [3];
    exportTfjs(flat, dir);
    expect(first().batch_input_shape).toEqual([null, 3]);
    exportTfjs(flat, dir, { inputShape: [7] });
    expect(first().batch_input_shape).toEqual([null, 7]);
    expect(() => exportTfjs(flat, dir, { inputShape: [0] })).toThrow(ConfigError);
  });

  test('a layer without a TF.js equivalent is an error naming it, never dropped, and nothing is written', () => {
    exportTfjs(mlp(7), dir);
    const before = [readFileSync(join(dir, 'model.json')), readFileSync(join(dir, 'weights.bin'))];
    const model = new Sequential([new Linear(3, 4), new GELU(), new Linear(4, 2)]);
    expect(() => exportTfjs(model, dir)).toThrow(ConfigError);
    expect(() => exportTfjs(model, dir)).toThrow(/layers\[1\] \(GELU\) has no Keras\/TF\.js layers equivalent.*erf/);
    expect([readFileSync(join(dir, 'model.json')), readFileSync(join(dir, 'weights.bin'))]).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
  });

  test('an output path that cannot be a directory is a DataError naming it', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => exportTfjs(mlp(1), join(dir, 'file'))).toThrow(DataError);
    expect(() => exportTfjs(mlp(1), join(dir, 'file'))).toThrow(/exportTfjs: cannot write ".*file\/weights\.bin"/);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
