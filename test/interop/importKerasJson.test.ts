import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as math from 'mathjs';
import { DataError } from '../../src/errors';
import { importKerasJson } from '../../src/interop/importKerasJson';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { predictInTfjs, tf } from './tfjsHarness';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/interop', name), 'utf8');

/** Weights in model.get_weights() order for the fixtures: dense (kernel, bias), dense_1 (kernel), dense_2 (kernel, bias). */
function fixtureWeights(seed: number): Tensor[] {
  const rng = createRng(seed);
  return [[3, 5], [5], [5, 4], [4, 2], [2]].map((shape) => Tensor.uniform(shape, -1, 1, rng));
}

/** The fixtures' network computed with mathjs: softmax(tanh(leaky(relu(X·W0 + b0))·W1)·W2 + b2). */
function oracle(x: Tensor, w: Tensor[]): number[][] {
  const m = (t: Tensor) => t.toArray() as number[][];
  const addRow = (a: number[][], b: Tensor) => a.map((row) => row.map((v, j) => v + (b.data[j] as number)));
  let h = addRow(math.multiply(m(x), m(w[0] as Tensor)), w[1] as Tensor).map((row) => row.map((v) => Math.max(v, 0)));
  h = h.map((row) => row.map((v) => (v > 0 ? v : 0.3 * v)));
  h = (math.multiply(h, m(w[2] as Tensor)) as number[][]).map((row) => row.map(Math.tanh));
  const logits = addRow(math.multiply(h, m(w[3] as Tensor)), w[4] as Tensor);
  return logits.map((row) => {
    const exps = row.map((v) => Math.exp(v));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

describe('importKerasJson', () => {
  const x = Tensor.uniform([6, 3], -2, 2, createRng(10));

  test.each(['keras2-mlp.json', 'keras3-mlp.json'])('%s with get_weights() weights predicts like the Keras network', (name) => {
    const weights = fixtureWeights(1);
    const model = importKerasJson(fixture(name), weights);
    expect(model.layers.map((l) => l.name)).toEqual(['Linear', 'ReLU', 'LeakyReLU', 'Dropout', 'Linear', 'Tanh', 'Linear', 'Softmax']);
    expect(model.metadata.inputShape).toEqual([3]);
    expectClose(model.predict(x), oracle(x, weights), 1e-5);
  });

  test('keras3-cnn.json (channels_first Conv2D, MaxPooling2D, Flatten, BatchNormalization) predicts like the same network in TF.js', () => {
    const rng = createRng(3);
    const shapes = [[3, 3, 1, 3], [3], [27, 4], [4], [4], [4], [4], [4]];
    const weights = shapes.map((shape, i) => Tensor.uniform(shape, i === 7 ? 0.5 : -1, i === 7 ? 1.5 : 1, rng));
    const model = importKerasJson(fixture('keras3-cnn.json'), weights);
    expect(model.layers.map((l) => l.name)).toEqual(['Conv2D', 'ReLU', 'MaxPool2D', 'Flatten', 'Linear', 'BatchNorm1D', 'Softmax']);
    const reference = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [1, 6, 6], filters: 3, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2, dataFormat: 'channelsFirst' }),
        tf.layers.flatten({ dataFormat: 'channelsFirst' }),
        tf.layers.dense({ units: 4 }),
        tf.layers.batchNormalization({ axis: -1, epsilon: 0.001 }),
        tf.layers.activation({ activation: 'softmax' }),
      ],
    });
    reference.setWeights(weights.map((w) => tf.tensor(Array.from(w.data), [...w.shape])));
    const images = Tensor.uniform([4, 1, 6, 6], -2, 2, createRng(4));
    expectClose(model.predict(images), predictInTfjs(reference, images), 1e-5);
    reference.dispose();
  });

  test('weights as nested arrays, as one Float32Array, or as the bytes of a weights.bin', () => {
    const weights = fixtureWeights(5);
    const expected = oracle(x, weights);
    const nested = weights.map((w) => w.toArray());
    expectClose(importKerasJson(fixture('keras2-mlp.json'), nested).predict(x), expected, 1e-5);
    const floats = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
    let offset = 0;
    for (const w of weights) {
      floats.set(w.data, offset);
      offset += w.size;
    }
    expectClose(importKerasJson(fixture('keras3-mlp.json'), floats).predict(x), expected, 1e-5);
    const bytes = Buffer.alloc(floats.length * 4);
    floats.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    expectClose(importKerasJson(fixture('keras3-mlp.json'), bytes).predict(x), expected, 1e-5);
    expect(() => importKerasJson(fixture('keras3-mlp.json'), floats.subarray(1))).toThrow(/expected 2 more values for dense_2\/bias at offset 48, got 49 values in all/);
    expect(() => importKerasJson(fixture('keras3-mlp.json'), bytes.subarray(2))).toThrow(/a multiple of 4 bytes/);
  });

  test('weights by manifest name, from a parsed document', () => {
    const [k0, b0, k1, k2, b2] = fixtureWeights(2) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const byName = { 'dense/kernel': k0, 'dense/bias': b0, 'dense_1/kernel': k1, 'dense_2/kernel': k2, 'dense_2/bias': b2 };
    const model = importKerasJson(JSON.parse(fixture('keras2-mlp.json')), byName);
    expectClose(model.predict(x), oracle(x, [k0, b0, k1, k2, b2]), 1e-5);
  });

  test('without weights: the architecture with fresh layers; a Keras 3 model without InputLayer uses build_input_shape', () => {
    const doc = JSON.parse(fixture('keras3-mlp.json'));
    doc.config.layers.shift();
    doc.config.layers[0].build_config = undefined;
    const model = importKerasJson(doc);
    expect(model.metadata.inputShape).toEqual([3]);
    expect(model.paramGrads().map((p) => [p.name, p.value.shape])).toEqual([
      ['0.weight', [3, 5]], ['0.bias', [5]], ['4.weight', [5, 4]], ['6.weight', [4, 2]], ['6.bias', [2]],
    ]);
  });

  test('what cannot be imported is a DataError saying what and where', () => {
    const doc = JSON.parse(fixture('keras3-mlp.json'));
    expect(() => importKerasJson({ ...doc, class_name: 'Bogus' })).toThrow(
      'importKerasJson: expected a Sequential or functional model (class_name "Sequential", "Functional" or "Model"), got class_name "Bogus"',
    );
    expect(() => importKerasJson(fixture('keras2-mlp.json'), fixtureWeights(1).slice(0, 4))).toThrow(
      /expected a weight for dense_2\/bias at index 4, got only 4 weights/,
    );
    expect(() => importKerasJson(fixture('keras2-mlp.json'), [...fixtureWeights(1), Tensor.zeros([1])])).toThrow(
      /expected 5 weights \(model.get_weights\(\) order\), got 6/,
    );
    const swapped = fixtureWeights(1);
    [swapped[0], swapped[2]] = [swapped[2] as Tensor, swapped[0] as Tensor];
    expect(() => importKerasJson(fixture('keras2-mlp.json'), swapped)).toThrow(/expected Linear.weight of shape \[3, 5\], got \[5, 4\]/);
    doc.config.layers[1].class_name = 'MyDense';
    doc.config.layers[1].registered_name = 'custom>MyDense';
    expect(() => importKerasJson(doc)).toThrow(DataError);
    expect(() => importKerasJson(doc)).toThrow(/layers\[1\] \(MyDense "dense"\): layer class "MyDense" is not supported/);
    expect(() => importKerasJson('{"class_name": ')).toThrow(/does not parse/);
  });
});
