/**
 * @jest-environment ./test/interop/onnxRuntimeEnvironment.js
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../src/interop/exportOnnx';
import { Bidirectional } from '../../src/layers/Bidirectional';
import { Embedding } from '../../src/layers/Embedding';
import { GlobalAvgPool1D } from '../../src/layers/GlobalAvgPool1D';
import { GlobalMaxPool1D } from '../../src/layers/GlobalMaxPool1D';
import { GRU } from '../../src/layers/GRU';
import { LastStep } from '../../src/layers/LastStep';
import { Linear } from '../../src/layers/Linear';
import { LSTM } from '../../src/layers/LSTM';
import { MultiHeadAttention } from '../../src/layers/MultiHeadAttention';
import { PositionalEmbedding } from '../../src/layers/PositionalEmbedding';
import { SimpleRNN } from '../../src/layers/SimpleRNN';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { removeDir, temporaryDir } from './tfjsHarness';

/* Sequence models exported to ONNX and run in ONNX Runtime give kubiki's predictions. */

async function runOnnx(path: string, x: Tensor): Promise<Tensor> {
  const session = await ort.InferenceSession.create(path);
  const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
  const output = result.output as ort.Tensor;
  await session.release();
  return Tensor.from(output.data as Float32Array, output.dims);
}

/** Every parameter uniform in ±0.8, so a swapped gate or bias shows. */
function randomized(model: Sequential, seed: number): Sequential {
  const rng = createRng(seed);
  for (const p of model.paramGrads()) p.value.data.set(Tensor.uniform(p.value.shape, -0.8, 0.8, rng).data);
  return model;
}

function tokens(batch: number, time: number, vocabulary: number, seed: number): Tensor {
  const rng = createRng(seed);
  return Tensor.from(Array.from({ length: batch * time }, () => rng.int(vocabulary)), [batch, time]);
}

describe('exportOnnx: sequence layers in ONNX Runtime', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDir();
  });
  afterAll(() => removeDir(dir));

  test.each([13, 17])('Embedding → LSTM → GRU (both forms) → SimpleRNN → Linear on every step (opset %i)', async (opset) => {
    const model = randomized(new Sequential([
      new Embedding(9, 4),
      new LSTM(4, 5, { returnSequences: true }),
      new GRU(5, 4, { returnSequences: true }),
      new GRU(4, 3, { returnSequences: true, resetAfter: false }),
      new SimpleRNN(3, 4, { returnSequences: true, activation: 'relu' }),
      new Linear(4, 6),
    ]), 1);
    const path = join(dir, `chain${opset}.onnx`);
    exportOnnx(model, path, { inputShape: [7], opset });
    const x = tokens(3, 7, 9, 2);
    expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
  });

  test('Bidirectional (concat over every step, sum of the last states), LastStep and the 1-D global pools', async () => {
    const x = Tensor.uniform([2, 6, 3], -1.5, 1.5, createRng(3));
    const models = [
      new Sequential([new Bidirectional(new LSTM(3, 4, { returnSequences: true })), new LastStep()]),
      new Sequential([new Bidirectional(new GRU(3, 4), { merge: 'sum' })]),
      new Sequential([new Bidirectional(new SimpleRNN(3, 2, { returnSequences: true }), { merge: 'sum' }), new GlobalAvgPool1D()]),
      new Sequential([new GRU(3, 4, { returnSequences: true }), new GlobalMaxPool1D()]),
    ];
    for (const [k, model] of models.entries()) {
      randomized(model, 10 + k);
      const path = join(dir, `bi${k}.onnx`);
      exportOnnx(model, path, { inputShape: [6, 3] });
      expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
    }
  });

  test('a causal transformer block in primitive ops: Embedding + PositionalEmbedding + MultiHeadAttention (causal and not, without biases)', async () => {
    const model = randomized(new Sequential([
      new Embedding(11, 8),
      new PositionalEmbedding(10, 8),
      new MultiHeadAttention(8, 2, { causal: true }),
      new MultiHeadAttention(8, 4, { bias: false }),
      new Linear(8, 11),
    ]), 4);
    const path = join(dir, 'attention.onnx');
    exportOnnx(model, path, { inputShape: [6] });
    const x = tokens(3, 6, 11, 5);
    expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
  });
});
