import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../src/errors';
import { importTfjs } from '../../src/interop/importTfjs';
import { permute } from '../../src/interop/permute';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { loadInTfjs, predictInTfjs, removeDir, saveFromTfjs, temporaryDir, tf } from './tfjsHarness';

const FIXTURE = join(__dirname, '../fixtures/interop/tfjs-mlp-sharded');

/** A TF.js model using every layer and activation kubiki imports, with seeded weights. */
function tfjsModel(): import('@tensorflow/tfjs').Sequential {
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.6, seed });
  const dense = (units: number, activation: string, seed: number, useBias = true) =>
    tf.layers.dense({
      units,
      activation: activation as 'relu',
      useBias,
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 100),
    });
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [2, 3] }),
      dense(8, 'relu', 1),
      tf.layers.leakyReLU({ alpha: 0.15 }),
      dense(8, 'sigmoid', 2, false),
      tf.layers.dropout({ rate: 0.4 }),
      dense(7, 'elu', 3),
      tf.layers.elu(),
      dense(7, 'softplus', 4),
      tf.layers.activation({ activation: 'tanh' }),
      tf.layers.reLU(),
      dense(6, 'linear', 5),
      tf.layers.activation({ activation: 'linear' }),
      dense(5, 'softmax', 6),
      tf.layers.softmax(),
      dense(4, 'logSoftmax' as 'relu', 7),
    ],
  });
}

describe('importTfjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir();
  });
  afterEach(() => removeDir(dir));

  test('a model built and saved by TF.js imports with the same predictions to 1e-5', async () => {
    const model = tfjsModel();
    await saveFromTfjs(model, dir);
    const imported = importTfjs(dir);
    expect(imported.metadata.inputShape).toEqual([2, 3]);
    expect(imported.layers.map((l) => l.name)).toEqual([
      'Flatten', 'Linear', 'ReLU', 'LeakyReLU', 'Linear', 'Sigmoid', 'Dropout', 'Linear', 'ELU', 'ELU',
      'Linear', 'Softplus', 'Tanh', 'ReLU', 'Linear', 'Identity', 'Linear', 'Softmax', 'Softmax', 'Linear', 'LogSoftmax',
    ]);
    const x = Tensor.uniform([5, 2, 3], -2, 2, createRng(1));
    expectClose(imported.predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test('sharded weights and the converter\'s model_config wrapper: the committed TF.js fixture', async () => {
    const imported = importTfjs(join(FIXTURE, 'model.json'));
    const reference = await loadInTfjs(FIXTURE);
    const x = Tensor.uniform([6, 4], -2, 2, createRng(2));
    expectClose(imported.predict(x), predictInTfjs(reference, x), 1e-5);
    reference.dispose();
  });

  test('a channels_first CNN built in TF.js imports with the same predictions (every conv layer kubiki has)', async () => {
    const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
    const channelsFirst = 'channelsFirst' as const;
    const model = tf.sequential({
      layers: [
        tf.layers.zeroPadding2d({ inputShape: [2, 9, 9], padding: [[1, 1], [2, 2]], dataFormat: channelsFirst }),
        tf.layers.conv2d({ filters: 4, kernelSize: [3, 5], dataFormat: channelsFirst, activation: 'relu', kernelInitializer: init(1), biasInitializer: init(2) }),
        tf.layers.permute({ dims: [2, 3, 1] }),
        tf.layers.batchNormalization({
          axis: 3, epsilon: 0.01, gammaInitializer: init(3), betaInitializer: init(4),
          movingMeanInitializer: init(5), movingVarianceInitializer: tf.initializers.constant({ value: 1.7 }),
        }),
        tf.layers.permute({ dims: [3, 1, 2] }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 1, dataFormat: channelsFirst }),
        tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', dataFormat: channelsFirst, useBias: false, kernelInitializer: init(6) }),
        tf.layers.layerNormalization({ axis: [2, 3], epsilon: 0.001, gammaInitializer: init(7), betaInitializer: init(8) }),
        tf.layers.averagePooling2d({ poolSize: [2, 1], dataFormat: channelsFirst }),
        tf.layers.flatten(),
        tf.layers.reshape({ targetShape: [5, 8] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, kernelInitializer: init(9), biasInitializer: init(10) }),
        tf.layers.batchNormalization({ movingMeanInitializer: init(11), movingVarianceInitializer: tf.initializers.constant({ value: 0.6 }) }),
      ],
    });
    await saveFromTfjs(model, dir);
    const imported = importTfjs(dir);
    expect(imported.layers.map((l) => l.name)).toEqual([
      'Conv2D', 'ReLU', 'BatchNorm2D', 'MaxPool2D', 'Conv2D', 'LayerNorm', 'AvgPool2D', 'Flatten', 'Reshape', 'Flatten', 'Linear', 'BatchNorm1D',
    ]);
    const x = Tensor.uniform([3, 2, 9, 9], -2, 2, createRng(4));
    expectClose(imported.predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test('GlobalAveragePooling2D, and LayerNormalization with a negative axis', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [3, 5, 4], filters: 2, kernelSize: 2, dataFormat: 'channelsFirst', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
        tf.layers.layerNormalization({ axis: -1 }),
        tf.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' }),
      ],
    });
    await saveFromTfjs(model, dir);
    const x = Tensor.uniform([2, 3, 5, 4], -2, 2, createRng(5));
    expectClose(importTfjs(dir).predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test('a channels_first Flatten (channels moved last, then flattened) imports with the next Dense\'s rows reordered', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [2, 4, 3], filters: 3, kernelSize: 2, dataFormat: 'channelsFirst', kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }),
        tf.layers.flatten({ dataFormat: 'channelsFirst' }),
        tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) }),
      ],
    });
    await saveFromTfjs(model, dir);
    const x = Tensor.uniform([3, 2, 4, 3], -2, 2, createRng(6));
    expectClose(importTfjs(dir).predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test('a channels_last CNN (Keras\'s default) imports with { channelsLast: "transpose" } as the NCHW network', async () => {
    const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
    const model = tf.sequential({
      layers: [
        tf.layers.zeroPadding2d({ inputShape: [7, 6, 2], padding: 1 }),
        tf.layers.conv2d({ filters: 3, kernelSize: [3, 2], activation: 'relu', kernelInitializer: init(1), biasInitializer: init(2) }),
        tf.layers.batchNormalization({ gammaInitializer: init(3), betaInitializer: init(4), movingMeanInitializer: init(5) }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(6) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, kernelInitializer: init(7), biasInitializer: init(8) }),
      ],
    });
    await saveFromTfjs(model, dir);
    expect(() => importTfjs(dir)).toThrow(/layers\[0\] \(ZeroPadding2D "\w+"\): data_format "channels_last".*\{ channelsLast: 'transpose' \}/);
    const imported = importTfjs(dir, { channelsLast: 'transpose' });
    expect(imported.metadata).toEqual({ inputShape: [2, 7, 6], transposedFrom: { dataFormat: 'channels_last', inputShape: [7, 6, 2] } });
    const nhwc = Tensor.uniform([3, 7, 6, 2], -2, 2, createRng(8));
    const nchw = permute(nhwc.data, nhwc.shape, [0, 3, 1, 2]);
    expectClose(imported.predict(Tensor.from(nchw.data, nchw.shape)), predictInTfjs(model, nhwc), 1e-5);
    model.dispose();
    const withLayerNorm = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2 }), tf.layers.layerNormalization()] });
    await saveFromTfjs(withLayerNorm, dir);
    expect(() => importTfjs(dir, { channelsLast: 'transpose' })).toThrow(/layers\[1\] \(LayerNormalization "\w+"\): depends on the channels_last layout of \[2, 3, 3\] images/);
    withLayerNorm.dispose();
    const softmaxed = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, activation: 'softmax' })] });
    await saveFromTfjs(softmaxed, dir);
    expect(() => importTfjs(dir, { channelsLast: 'transpose' })).toThrow(/layers\[0\] \(Conv2D "\w+"\): depends on the channels_last layout/);
    softmaxed.dispose();
  });

  test('weights split into three shards at odd byte offsets load the same', async () => {
    const model = tfjsModel();
    await saveFromTfjs(model, dir, { shards: 3, converterWrapper: true });
    const x = Tensor.uniform([3, 2, 3], -1, 1, createRng(3));
    expectClose(importTfjs(dir).predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test('an unsupported layer, activation or option is an error naming it', async () => {
    const save = async (layers: import('@tensorflow/tfjs').layers.Layer[]) => {
      const model = tf.sequential({ layers });
      await saveFromTfjs(model, dir);
      model.dispose();
    };
    await save([tf.layers.dense({ inputShape: [3], units: 2 }), tf.layers.repeatVector({ n: 2 })]);
    expect(() => importTfjs(dir)).toThrow(DataError);
    expect(() => importTfjs(dir)).toThrow(/layers\[1\] \(RepeatVector "repeat_vector\w*"\): layer class "RepeatVector" is not supported/);
    await save([tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 })]);
    expect(() => importTfjs(dir)).toThrow(/layers\[0\] \(Conv2D "conv2d\w*"\): data_format "channels_last".*rebuild the model with data_format="channels_first"/);
    await save([tf.layers.conv2d({ inputShape: [1, 8, 8], filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', dilationRate: 2 })]);
    expect(() => importTfjs(dir)).toThrow(/option dilation_rate=\[2,2\] is not supported/);
    await save([tf.layers.dense({ inputShape: [3], units: 2, activation: 'selu' })]);
    expect(() => importTfjs(dir)).toThrow(/layers\[0\] \(Dense "dense\w*"\): activation "selu" is not supported/);
    await save([tf.layers.reLU({ inputShape: [3], maxValue: 6 })]);
    expect(() => importTfjs(dir)).toThrow(DataError);
    expect(() => importTfjs(dir)).toThrow(/option max_value=6 is not supported/);
    // Dense maps the last axis of [batch, features] and of sequences [batch, time, features]; on images it needs a Flatten.
    await save([tf.layers.dense({ inputShape: [2, 3, 4], units: 2 })]);
    expect(() => importTfjs(dir)).toThrow(/expected a \[batch, features\] or \[batch, time, features\] input, got one sample of shape \[2, 3, 4\].*Flatten/);
  });

  test('files that do not match are errors naming the file and what is wrong', () => {
    expect(() => importTfjs(join(dir, 'missing'))).toThrow(/importTfjs: .*missing: cannot read the file: no such file/);
    for (const file of ['model.json', 'group1-shard1of2.bin']) copyFileSync(join(FIXTURE, file), join(dir, file));
    expect(() => importTfjs(dir)).toThrow(/cannot read weights file ".*group1-shard2of2.bin": no such file/);
    writeFileSync(join(dir, 'group1-shard2of2.bin'), readFileSync(join(FIXTURE, 'group1-shard2of2.bin')).subarray(8));
    expect(() => importTfjs(dir)).toThrow(/the \.bin files do not match model\.json/);
    const json = JSON.parse(readFileSync(join(FIXTURE, 'model.json'), 'utf8'));
    json.format = 'graph-model';
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    expect(() => importTfjs(dir)).toThrow(/expected format "layers-model", got "graph-model"/);
    json.format = 'layers-model';
    json.weightsManifest[0].weights.at(-1).name = 'renamed/bias';
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    copyFileSync(join(FIXTURE, 'group1-shard2of2.bin'), join(dir, 'group1-shard2of2.bin'));
    expect(() => importTfjs(dir)).toThrow(/expected a weight named "dense_\w+\/bias" in weightsManifest/);
  });
});
