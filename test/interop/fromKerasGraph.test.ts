import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../src/errors';
import { Model } from '../../src/graph/Model';
import { importKerasJson } from '../../src/interop/importKerasJson';
import { importTfjs } from '../../src/interop/importTfjs';
import { Linear } from '../../src/layers/Linear';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { removeDir, saveFromTfjs, temporaryDir, tf } from './tfjsHarness';

/*
 * Functional Keras models (Keras 2 / TF.js and Keras 3 forms) imported as kubiki graph Models. The
 * oracles are the formulas in float64; kubiki computes in float32, hence the 1e-5 tolerance.
 */

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/interop', name), 'utf8');

type Rows = number[][];
const rows = (t: Tensor): Rows => t.toArray() as Rows;
/** x·W + b in float64, W [in, out] (Keras's kernel layout). */
const dense = (x: Rows, w: Tensor, b?: Tensor): Rows => {
  const m = w.shape[1] as number;
  return x.map((row) => Array.from({ length: m }, (_, j) => row.reduce((sum, v, i) => sum + v * (w.data[i * m + j] as number), b ? (b.data[j] as number) : 0)));
};
const map = (x: Rows, f: (v: number) => number): Rows => x.map((row) => row.map(f));
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The fixtures' weights in get_weights() (config.layers) order: dense, proj, head, score. */
function fixtureWeights(seed: number): Tensor[] {
  const rng = createRng(seed);
  return [[5, 4], [4], [3, 4], [4, 2], [2], [4, 1], [1]].map((shape) => Tensor.uniform(shape, -1, 1, rng));
}

/**
 * The fixtures' network written out: s = tanh([a | b]·Wd + bd) + a·Wp;
 * head = s·Wh + bh; score = sigmoid(s·Ws + bs).
 */
function fixtureOracle(a: Tensor, b: Tensor, w: Tensor[]): [Rows, Rows] {
  const joined = rows(a).map((row, i) => [...row, ...(rows(b)[i] as number[])]);
  const h = map(dense(joined, w[0] as Tensor, w[1]), Math.tanh);
  const p = dense(rows(a), w[2] as Tensor);
  const s = h.map((row, i) => row.map((v, j) => v + (p[i]?.[j] as number)));
  return [dense(s, w[3] as Tensor, w[4]), map(dense(s, w[5] as Tensor, w[6]), sigmoid)];
}

describe('importKerasJson of functional models', () => {
  const a = Tensor.uniform([5, 3], -2, 2, createRng(11));
  const b = Tensor.uniform([5, 2], -2, 2, createRng(12));

  test.each(['keras3-functional.json', 'keras2-functional.json'])('%s (two inputs, Concatenate, Dense, Add, two outputs) predicts what the formulas say', (name) => {
    const weights = fixtureWeights(1);
    const model = importKerasJson(fixture(name), weights) as Model;
    expect(model).toBeInstanceOf(Model);
    expect(model.name).toBe('two_heads');
    expect(model.inputs).toEqual([{ name: 'a', shape: [3] }, { name: 'b', shape: [2] }]);
    expect(model.nodes.map((n) => `${n.name}:${n.layer.name}`)).toEqual([
      'concatenate:Concatenate', 'dense:Linear', 'dense_tanh:Tanh', 'proj:Linear', 'add:Add', 'head:Linear', 'score:Linear', 'score_sigmoid:Sigmoid',
    ]);
    expect(model.paramGrads().map((p) => [p.name, p.value.shape])).toEqual([
      ['dense.weight', [5, 4]], ['dense.bias', [4]], ['proj.weight', [3, 4]], ['head.weight', [4, 2]], ['head.bias', [2]], ['score.weight', [4, 1]], ['score.bias', [1]],
    ]);
    const [head, score] = model.predictAll([a, b]);
    const [expectedHead, expectedScore] = fixtureOracle(a, b, weights);
    expectClose(head as Tensor, expectedHead, 1e-5);
    expectClose(score as Tensor, expectedScore, 1e-5);
  });

  test('weights may be a record by manifest name, or float32 values back to back in config.layers order', () => {
    const weights = fixtureWeights(2);
    const names = ['dense/kernel', 'dense/bias', 'proj/kernel', 'head/kernel', 'head/bias', 'score/kernel', 'score/bias'];
    // A record in another order: taken by name.
    const record = Object.fromEntries(names.map((n, i) => [n, weights[i] as Tensor]).reverse());
    const [expectedHead] = fixtureOracle(a, b, weights);
    expectClose((importKerasJson(fixture('keras3-functional.json'), record) as Model).predictAll([a, b])[0] as Tensor, expectedHead, 1e-5);
    const floats = new Float32Array(weights.flatMap((w) => Array.from(w.data)));
    expectClose((importKerasJson(fixture('keras2-functional.json'), floats) as Model).predictAll([a, b])[0] as Tensor, expectedHead, 1e-6);
  });

  test("Keras 3's bare triple for one output gives a one-output model", () => {
    const doc = JSON.parse(fixture('keras3-functional.json'));
    doc.config.output_layers = ['score', 0, 0];
    doc.config.layers.splice(6, 1); // the model without the head
    const weights = fixtureWeights(3);
    const model = importKerasJson(doc, [...weights.slice(0, 3), ...weights.slice(5)]) as Model;
    expect(model.outputsArray).toBe(false);
    expectClose(model.predict([a, b]), fixtureOracle(a, b, weights)[1], 1e-5);
  });

  test('a layer with several inbound nodes is one kubiki layer applied at each call (shared weights)', () => {
    // y = W·(W·x + c) + c, the same Dense called twice (Keras 2 form), and a siamese Subtract in Keras 3 form.
    const doc = {
      class_name: 'Functional',
      config: {
        name: 'twice',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 3], name: 'x' }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'shared', config: { name: 'shared', units: 3, activation: 'linear' }, inbound_nodes: [[['x', 0, 0, {}]], [['shared', 0, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['shared', 1, 0]],
      },
    };
    const w = Tensor.uniform([3, 3], -1, 1, createRng(4));
    const c = Tensor.uniform([3], -1, 1, createRng(5));
    const model = importKerasJson(doc, [w, c]) as Model;
    expect(model.layers).toHaveLength(1);
    expect(model.nodes.map((n) => n.name)).toEqual(['shared', 'shared_call2']);
    expect(model.paramGrads().map((p) => p.name)).toEqual(['shared.weight', 'shared.bias']);
    const x = Tensor.uniform([4, 3], -1, 1, createRng(6));
    expectClose(model.predict(x), dense(dense(rows(x), w, c), w, c), 1e-5);

    const tensor = (name: string, node = 0) => ({ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: [name, node, 0] } });
    const siamese = {
      class_name: 'Functional',
      config: {
        name: 'siamese',
        layers: [
          { class_name: 'InputLayer', name: 'left', config: { batch_shape: [null, 2], name: 'left' }, inbound_nodes: [] },
          { class_name: 'InputLayer', name: 'right', config: { batch_shape: [null, 2], name: 'right' }, inbound_nodes: [] },
          {
            class_name: 'Dense', name: 'embed', config: { name: 'embed', units: 2, activation: 'relu' },
            inbound_nodes: [{ args: [tensor('left')], kwargs: {} }, { args: [tensor('right')], kwargs: { training: false } }],
          },
          { class_name: 'Subtract', name: 'difference', config: { name: 'difference' }, inbound_nodes: [{ args: [[tensor('embed', 0), tensor('embed', 1)]], kwargs: {} }] },
        ],
        input_layers: [['left', 0, 0], ['right', 0, 0]],
        output_layers: ['difference', 0, 0],
      },
    };
    const we = Tensor.uniform([2, 2], -1, 1, createRng(7));
    const be = Tensor.uniform([2], -1, 1, createRng(8));
    const pair = importKerasJson(siamese, [we, be]) as Model;
    expect(pair.layers.map((l) => l.name)).toEqual(['Linear', 'ReLU', 'Subtract']);
    const l = Tensor.uniform([3, 2], -1, 1, createRng(9));
    const r = Tensor.uniform([3, 2], -1, 1, createRng(10));
    const relu = (v: number) => Math.max(v, 0);
    const el = map(dense(rows(l), we, be), relu);
    const er = map(dense(rows(r), we, be), relu);
    expectClose(pair.predict([l, r]), el.map((row, i) => row.map((v, j) => v - (er[i]?.[j] as number))), 1e-5);
  });

  test('a nested Sequential model becomes a Sequential node', () => {
    const doc = {
      class_name: 'Functional',
      config: {
        name: 'outer',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 3], name: 'x' }, inbound_nodes: [] },
          {
            class_name: 'Sequential', name: 'block',
            config: { name: 'block', layers: [{ class_name: 'Dense', config: { name: 'inner', units: 2, activation: 'tanh', batch_input_shape: [null, 3] } }] },
            inbound_nodes: [[['x', 0, 0, {}]]],
          },
          { class_name: 'Dense', name: 'out', config: { name: 'out', units: 1, use_bias: false }, inbound_nodes: [[['block', 1, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['out', 0, 0]],
      },
    };
    const [w1, b1, w2] = [Tensor.uniform([3, 2], -1, 1, createRng(1)), Tensor.uniform([2], -1, 1, createRng(2)), Tensor.uniform([2, 1], -1, 1, createRng(3))];
    const model = importKerasJson(doc, [w1 as Tensor, b1 as Tensor, w2 as Tensor]) as Model;
    expect(model.layers[0]).toBeInstanceOf(Sequential);
    expect(model.paramGrads().map((p) => p.name)).toEqual(['block.0.weight', 'block.0.bias', 'out.weight']);
    const x = Tensor.uniform([4, 3], -1, 1, createRng(4));
    expectClose(model.predict(x), dense(map(dense(rows(x), w1 as Tensor, b1), Math.tanh), w2 as Tensor), 1e-5);
  });

  test('errors name the layer and what is wrong', () => {
    const doc = () => JSON.parse(fixture('keras2-functional.json'));
    const typo = doc();
    typo.config.layers[3].inbound_nodes = [[['concatenat', 0, 0, {}]]];
    expect(() => importKerasJson(typo)).toThrow(DataError);
    expect(() => importKerasJson(typo)).toThrow(
      'importKerasJson config.layers[3] (Dense "dense") inbound_nodes[0]: refers to layer "concatenat", which is not in config.layers; did you mean "concatenate"?',
    );
    const cycle = doc();
    cycle.config.layers[3].inbound_nodes = [[['add', 0, 0, {}]]];
    expect(() => importKerasJson(cycle)).toThrow('importKerasJson config: the layers form a cycle: "add" → "dense" → "add"; a functional model must be acyclic');
    const second = doc();
    second.config.output_layers = [['head', 0, 1]];
    expect(() => importKerasJson(second)).toThrow('importKerasJson config.output_layers[0]: reads output 1 of layer "head"; kubiki layers have one output');
    const node = doc();
    node.config.output_layers = [['head', 2, 0]];
    expect(() => importKerasJson(node)).toThrow('reads node 2 of layer "head", which has 1 node(s)');
    const missing = doc();
    missing.config.input_layers = [['a', 0, 0]];
    expect(() => importKerasJson(missing)).toThrow('importKerasJson config.layers[1] (InputLayer "b"): the model reads this InputLayer, but input_layers does not list it');
    const axis = doc();
    axis.config.layers[2].config.axis = 0;
    expect(() => importKerasJson(axis)).toThrow('importKerasJson config.layers[2] (Concatenate "concatenate"): expected axis to be a non-batch axis of inputs of rank 2 [1, 3], got 0');
    const minimum = doc();
    minimum.config.layers[5].class_name = 'Minimum';
    expect(() => importKerasJson(minimum)).toThrow('(Minimum "add"): merge layer Minimum has no kubiki equivalent; kubiki\'s merge layers are Add, Subtract, Multiply, Average, Maximum, Concatenate');
    const shapes = doc();
    shapes.config.layers[5].inbound_nodes = [[['dense', 0, 0, {}], ['a', 0, 0, {}]]];
    expect(() => importKerasJson(shapes)).toThrow(/config.layers\[5\] \(Add "add"\): .*\[batch, 4\].*\[batch, 3\]/);
    const kwargs = JSON.parse(fixture('keras3-functional.json'));
    kwargs.config.layers[3].inbound_nodes[0].kwargs = { mask: [1] };
    expect(() => importKerasJson(kwargs)).toThrow('importKerasJson config.layers[3] (Dense "dense") inbound_nodes[0].kwargs: the call passes mask=[1], which kubiki layers do not take');
    const args = JSON.parse(fixture('keras3-functional.json'));
    args.config.layers[3].inbound_nodes[0].args.push(3);
    expect(() => importKerasJson(args)).toThrow('inbound_nodes[0].args: expected one argument (a tensor, or a list of tensors for a merge layer), got 2');
    const weights = fixtureWeights(1).slice(0, 6);
    expect(() => importKerasJson(fixture('keras3-functional.json'), weights)).toThrow('importKerasJson: expected a weight for score/bias at index 6, got only 6 weights');
  });
});

describe('importTfjs of a functional model built by TF.js (tf.model)', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir('kubiki-tfjs-functional-');
  });
  afterEach(() => removeDir(dir));
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.6, seed });
  const tfDense = (units: number, seed: number, activation = 'linear', name?: string) =>
    tf.layers.dense({ units, activation: activation as 'relu', kernelInitializer: init(seed), biasInitializer: init(seed + 50), ...(name ? { name } : {}) });

  test('two inputs, every merge layer TF.js has, a shared layer and two outputs predict the same', async () => {
    const left = tf.input({ shape: [4], name: 'left' });
    const right = tf.input({ shape: [4], name: 'right' });
    const shared = tfDense(3, 1, 'tanh', 'shared');
    const l = shared.apply(left) as import('@tensorflow/tfjs').SymbolicTensor;
    const r = shared.apply(right) as import('@tensorflow/tfjs').SymbolicTensor;
    const merged = [tf.layers.add().apply([l, r]), tf.layers.multiply().apply([l, r]), tf.layers.average().apply([l, r]), tf.layers.maximum().apply([l, r])];
    const joined = tf.layers.concatenate().apply(merged as import('@tensorflow/tfjs').SymbolicTensor[]) as import('@tensorflow/tfjs').SymbolicTensor;
    const out = tfDense(2, 2, 'softmax').apply(tfDense(5, 3, 'relu').apply(joined)) as import('@tensorflow/tfjs').SymbolicTensor;
    const tfModel = tf.model({ inputs: [left, right], outputs: [out, r] });
    await saveFromTfjs(tfModel, dir);

    const model = importTfjs(dir) as Model;
    expect(model).toBeInstanceOf(Model);
    expect(model.inputs.map((i) => i.name)).toEqual(['left', 'right']);
    expect(model.layers.filter((layer) => layer instanceof Linear)).toHaveLength(3);
    const xl = Tensor.uniform([6, 4], -2, 2, createRng(1), 'float32');
    const xr = Tensor.uniform([6, 4], -2, 2, createRng(2), 'float32');
    const expected = tfModel.predict([tf.tensor(Array.from(xl.data), [6, 4]), tf.tensor(Array.from(xr.data), [6, 4])]) as import('@tensorflow/tfjs').Tensor[];
    const got = model.predictAll([xl, xr]);
    expected.forEach((e, k) => expectClose(got[k] as Tensor, Tensor.from(e.dataSync(), e.shape), 1e-5));

    // The same model from memory: the topology and weightData (get_weights() order) into importKerasJson.
    let artifacts: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
    await tfModel.save(tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const fromMemory = importKerasJson(artifacts?.modelTopology as object, artifacts?.weightData as ArrayBuffer) as Model;
    fromMemory.predictAll([xl, xr]).forEach((y, k) => expectClose(y, got[k] as Tensor, 0));
  });

  test('channels_last images with a Concatenate over the channels, transposed to NCHW', async () => {
    const image = tf.input({ shape: [5, 5, 2], name: 'image' });
    const conv = (filters: number, seed: number) =>
      tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed), biasInitializer: init(seed + 50) });
    const a = conv(3, 1).apply(image) as import('@tensorflow/tfjs').SymbolicTensor;
    const b = conv(2, 2).apply(image) as import('@tensorflow/tfjs').SymbolicTensor;
    const joined = tf.layers.concatenate({ axis: -1 }).apply([a, b]) as import('@tensorflow/tfjs').SymbolicTensor;
    const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(joined);
    const out = tfDense(3, 3).apply(tf.layers.flatten().apply(pooled)) as import('@tensorflow/tfjs').SymbolicTensor;
    const tfModel = tf.model({ inputs: image, outputs: out });
    await saveFromTfjs(tfModel, dir);

    expect(() => importTfjs(dir)).toThrow(/config.layers\[1\] \(Conv2D "\w+"\): data_format "channels_last": kubiki is channels-first/);
    const model = importTfjs(dir, { channelsLast: 'transpose' }) as Model;
    expect(model.metadata.inputShape).toEqual([2, 5, 5]);
    expect(model.metadata.transposedFrom).toEqual({ dataFormat: 'channels_last', inputShape: [5, 5, 2] });
    const nhwc = Tensor.uniform([2, 5, 5, 2], -1, 1, createRng(3), 'float32');
    const nchw = Tensor.from(tf.tensor(Array.from(nhwc.data), [2, 5, 5, 2]).transpose([0, 3, 1, 2]).dataSync(), [2, 2, 5, 5]);
    const expected = tfModel.predict(tf.tensor(Array.from(nhwc.data), [2, 5, 5, 2])) as import('@tensorflow/tfjs').Tensor;
    expectClose(model.predict(nchw), Tensor.from(expected.dataSync(), expected.shape), 1e-5);
  });
});
