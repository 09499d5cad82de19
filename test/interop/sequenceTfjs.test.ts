import { DataError } from '../../src/errors';
import { exportTfjs } from '../../src/interop/exportTfjs';
import { importTfjs } from '../../src/interop/importTfjs';
import { Embedding } from '../../src/layers/Embedding';
import { LSTM } from '../../src/layers/LSTM';
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
});
