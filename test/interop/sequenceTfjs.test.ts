import { DataError } from '../../src/errors';
import { exportTfjs } from '../../src/interop/exportTfjs';
import { importTfjs } from '../../src/interop/importTfjs';
import { Embedding } from '../../src/layers/Embedding';
import { Bidirectional } from '../../src/layers/Bidirectional';
import { GRU } from '../../src/layers/GRU';
import { SimpleRNN } from '../../src/layers/SimpleRNN';
import { Linear } from '../../src/layers/Linear';
import { LSTM } from '../../src/layers/LSTM';
import { ConfigError } from '../../src/errors';
import { importKerasJson } from '../../src/interop/importKerasJson';
import { toKerasLayers } from '../../src/interop/toKerasLayers';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { loadInTfjs, predictInTfjs, removeDir, saveFromTfjs, temporaryDir, tf } from './tfjsHarness';

/*
 * Sequence layers through the real TF.js 4.22: models built and saved by TF.js import with the same
 * predictions, and kubiki's exports load in TF.js with the same predictions.
 */

const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });

/** Integer token sequences [batch, time] stored as floats. */
function tokens(batch: number, time: number, vocabulary: number, seed: number): Tensor {
  const rng = createRng(seed);
  return Tensor.from(Array.from({ length: batch * time }, () => rng.int(vocabulary)), [batch, time]);
}

describe('sequence layers ↔ TF.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir();
  });
  afterEach(() => removeDir(dir));

  test('an Embedding → LSTM (all steps) → LSTM (last step) model saved by TF.js imports with equal predictions', async () => {
    const lstm = (units: number, returnSequences: boolean, seed: number) =>
      tf.layers.lstm({
        units, returnSequences, recurrentActivation: 'sigmoid',
        kernelInitializer: init(seed), recurrentInitializer: init(seed + 1), biasInitializer: init(seed + 2),
      });
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 7, outputDim: 4, inputLength: 5, embeddingsInitializer: init(1) }),
        lstm(6, true, 10),
        lstm(3, false, 20),
      ],
    });
    await saveFromTfjs(model, dir);
    const imported = importTfjs(dir);
    expect(imported.layers.map((l) => l.toConfig())).toEqual([
      { type: 'Embedding', numEmbeddings: 7, embeddingDim: 4 },
      { type: 'LSTM', inputSize: 4, hiddenSize: 6, returnSequences: true },
      { type: 'LSTM', inputSize: 6, hiddenSize: 3, returnSequences: false },
    ]);
    const x = tokens(4, 5, 7, 3);
    expectClose(imported.predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test("TF.js's default hard_sigmoid gates are refused by name", async () => {
    const model = tf.sequential({ layers: [tf.layers.lstm({ units: 2, inputShape: [3, 2] })] });
    await saveFromTfjs(model, dir);
    expect(() => importTfjs(dir)).toThrow(DataError);
    expect(() => importTfjs(dir)).toThrow(/layers\[0\] \(LSTM "lstm_LSTM\d+"\): option recurrent_activation="hard_sigmoid" is not supported/);
    model.dispose();
  });

  test("kubiki's Embedding → LSTM exports to TF.js with equal predictions, and imports back", async () => {
    const rng = createRng(5);
    const model = new Sequential([
      new Embedding(9, 4, { rng, paddingIdx: 0 }),
      new LSTM(4, 5, { rng, returnSequences: true }),
      new LSTM(5, 3, { rng }),
    ]);
    exportTfjs(model, dir, { inputShape: [6] });
    const x = tokens(3, 6, 9, 4);
    const loaded = await loadInTfjs(dir);
    expectClose(predictInTfjs(loaded, x), model.predict(x), 1e-5);
    loaded.dispose();
    expectClose(importTfjs(dir).predict(x), model.predict(x), 1e-6);
  });

  test('a GRU (reset_after=False, TF.js\'s only form) → Dense on every step, saved by TF.js, imports with equal predictions', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.gru({
          units: 5, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [6, 3],
          kernelInitializer: init(1), recurrentInitializer: init(2), biasInitializer: init(3),
        }),
        tf.layers.dense({ units: 2, kernelInitializer: init(4), biasInitializer: init(5) }),
      ],
    });
    await saveFromTfjs(model, dir);
    const imported = importTfjs(dir);
    expect(imported.layers.map((l) => l.toConfig())).toEqual([
      { type: 'GRU', inputSize: 3, hiddenSize: 5, returnSequences: true, resetAfter: false },
      expect.objectContaining({ type: 'Linear', inputSize: 5, outputSize: 2 }),
    ]);
    const x = Tensor.uniform([4, 6, 3], -2, 2, createRng(6));
    expectClose(imported.predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test("kubiki's GRU({ resetAfter: false }) exports to TF.js with equal predictions; resetAfter: true is refused for TF.js", async () => {
    const rng = createRng(8);
    const model = new Sequential([new GRU(3, 4, { rng, resetAfter: false, returnSequences: true }), new Linear(4, 2, { rng })]);
    exportTfjs(model, dir, { inputShape: [5, 3] });
    const x = Tensor.uniform([2, 5, 3], -2, 2, createRng(9));
    const loaded = await loadInTfjs(dir);
    expectClose(predictInTfjs(loaded, x), model.predict(x), 1e-5);
    loaded.dispose();

    const pytorchForm = new Sequential([new GRU(3, 4, { rng })]);
    expect(() => exportTfjs(pytorchForm, dir, { inputShape: [5, 3] })).toThrow(ConfigError);
    expect(() => exportTfjs(pytorchForm, dir, { inputShape: [5, 3] })).toThrow(
      'exportTfjs: layers[0] (GRU) uses resetAfter: true (PyTorch\'s GRU, Keras\'s reset_after=True), which TF.js 4.22 cannot load',
    );
  });
  test('SimpleRNN (relu) and Bidirectional (concat over all steps, sum of last states) saved by TF.js import with equal predictions', async () => {
    const inits = (seed: number) => ({ kernelInitializer: init(seed), recurrentInitializer: init(seed + 1), biasInitializer: init(seed + 2) });
    const model = tf.sequential({
      layers: [
        tf.layers.simpleRNN({ units: 4, activation: 'relu', returnSequences: true, inputShape: [5, 3], ...inits(1) }),
        tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 3, returnSequences: true, ...inits(4) }) as never, mergeMode: 'concat' }),
        tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid', ...inits(7) }) as never, mergeMode: 'sum' }),
      ],
    });
    await saveFromTfjs(model, dir);
    const imported = importTfjs(dir);
    expect(imported.layers.map((l) => l.toConfig())).toEqual([
      { type: 'SimpleRNN', inputSize: 3, hiddenSize: 4, activation: 'relu', returnSequences: true },
      { type: 'Bidirectional', layer: { type: 'SimpleRNN', inputSize: 4, hiddenSize: 3, activation: 'tanh', returnSequences: true }, merge: 'concat' },
      { type: 'Bidirectional', layer: { type: 'LSTM', inputSize: 6, hiddenSize: 2, returnSequences: false }, merge: 'sum' },
    ]);
    const x = Tensor.uniform([3, 5, 3], -2, 2, createRng(2));
    expectClose(imported.predict(x), predictInTfjs(model, x), 1e-5);
    model.dispose();
  });

  test("kubiki's Bidirectional GRU and SimpleRNN export to TF.js with equal predictions", async () => {
    const rng = createRng(12);
    const model = new Sequential([
      new Bidirectional(new GRU(3, 4, { rng, resetAfter: false, returnSequences: true }), { rng }),
      new SimpleRNN(8, 3, { rng, activation: 'relu' }),
    ]);
    exportTfjs(model, dir, { inputShape: [6, 3] });
    const x = Tensor.uniform([2, 6, 3], -2, 2, createRng(13));
    const loaded = await loadInTfjs(dir);
    expectClose(predictInTfjs(loaded, x), model.predict(x), 1e-5);
    loaded.dispose();
    expectClose(importTfjs(dir).predict(x), model.predict(x), 1e-6);
  });
});

describe('GRU reset_after=True ↔ Keras JSON', () => {
  /** Keras's GRUCell (reset_after=True) in float64, gates z, r, h, bias [2, 3·units] = [input; recurrent]. */
  function kerasGru(x: number[][], kernel: number[][], recurrent: number[][], bias: number[][], units: number): number[] {
    let h = new Array<number>(units).fill(0);
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    for (const step of x) {
      const xw = (k: number) => step.reduce((s, v, i) => s + v * (kernel[i]?.[k] as number), 0) + (bias[0]?.[k] as number);
      const hu = (k: number) => h.reduce((s, v, i) => s + v * (recurrent[i]?.[k] as number), 0) + (bias[1]?.[k] as number);
      h = h.map((previous, j) => {
        const z = sigmoid(xw(j) + hu(j));
        const r = sigmoid(xw(units + j) + hu(units + j));
        const candidate = Math.tanh(xw(2 * units + j) + r * hu(2 * units + j));
        return z * previous + (1 - z) * candidate;
      });
    }
    return h;
  }

  test('imports Keras\'s reset_after=True GRU (bias [2, 3·units], gates z, r, h) computing Keras\'s formula, and exports it back', () => {
    const units = 3;
    const rng = createRng(11);
    const random = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-0.8, 0.8)));
    const kernel = random(2, 3 * units);
    const recurrent = random(units, 3 * units);
    const bias = random(2, 3 * units);
    const json = JSON.stringify({
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [{
          class_name: 'GRU',
          config: { name: 'gru', units, activation: 'tanh', recurrent_activation: 'sigmoid', reset_after: true, return_sequences: false, batch_input_shape: [null, 4, 2] },
        }],
      },
    });
    const model = importKerasJson(json, [kernel, recurrent, bias]) as Sequential;
    expect(model.layers[0]?.toConfig()).toEqual({ type: 'GRU', inputSize: 2, hiddenSize: units, returnSequences: false, resetAfter: true });
    const x = random(4, 2);
    expectClose(model.predict(Tensor.from([x], undefined, 'float32')), [kerasGru(x, kernel, recurrent, bias, units)], 1e-5);

    const back = toKerasLayers(model.layers, [4, 2], 'test');
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual([['gru_1/kernel', [2, 9]], ['gru_1/recurrent_kernel', [3, 9]], ['gru_1/bias', [2, 9]]]);
    expectClose(Tensor.from(Array.from(back.weights[2]?.data ?? []), [2, 9]), bias, 1e-6);
    expectClose(Tensor.from(Array.from(back.weights[0]?.data ?? []), [2, 9]), kernel, 1e-6);
  });
});
