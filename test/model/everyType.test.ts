/**
 * @jest-environment ./test/interop/onnxRuntimeEnvironment.js
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ConfigError } from '../../src/errors';
import { exportOnnx } from '../../src/interop/exportOnnx';
import { exportTfjs } from '../../src/interop/exportTfjs';
import { importTfjs } from '../../src/interop/importTfjs';
import { buildLayer, LAYER_TYPES } from '../../src/layers/buildLayer';
import type { ConfigOf, LayerType } from '../../src/layers/LayerConfig';
import { loadModel, saveModel } from '../../src/model/modelFile';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor, type Shape } from '../../src/tensor/Tensor';
import { randomized } from '../interop/models';
import { loadInTfjs, predictInTfjs, removeDir, temporaryDir } from '../interop/tfjsHarness';
import { expectClose } from '../helpers/layerChecks';

/*
 * One instance of every layer type through the model file, TF.js and ONNX. SAMPLES is a typed
 * record over LayerType, so a new layer type does not compile until it has a sample here.
 */

interface Sample<K extends LayerType> {
  readonly config: ConfigOf<K>;
  /** The input's shape, batch first. */
  readonly input: Shape;
  /** Integer inputs in 0..indices−1 (an Embedding's), instead of random reals. */
  readonly indices?: number;
}

const SAMPLES: { readonly [K in LayerType]: Sample<K> } = {
  Linear: { config: { type: 'Linear', inputSize: 4, outputSize: 3 }, input: [2, 4] },
  ReLU: { config: { type: 'ReLU' }, input: [2, 4] },
  LeakyReLU: { config: { type: 'LeakyReLU', slope: 0.1 }, input: [2, 4] },
  PReLU: { config: { type: 'PReLU', numParameters: 3, init: 0.2 }, input: [2, 3, 2, 2] },
  ELU: { config: { type: 'ELU', alpha: 0.7 }, input: [2, 4] },
  Sigmoid: { config: { type: 'Sigmoid' }, input: [2, 4] },
  Tanh: { config: { type: 'Tanh' }, input: [2, 4] },
  Softplus: { config: { type: 'Softplus' }, input: [2, 4] },
  GELU: { config: { type: 'GELU' }, input: [2, 4] },
  SiLU: { config: { type: 'SiLU' }, input: [2, 4] },
  Identity: { config: { type: 'Identity' }, input: [2, 4] },
  Softmax: { config: { type: 'Softmax' }, input: [2, 4] },
  LogSoftmax: { config: { type: 'LogSoftmax' }, input: [2, 4] },
  Dropout: { config: { type: 'Dropout', p: 0.3 }, input: [2, 4] },
  Flatten: { config: { type: 'Flatten' }, input: [2, 3, 2, 2] },
  Reshape: { config: { type: 'Reshape', shape: [2, 6] }, input: [2, 12] },
  Conv2D: { config: { type: 'Conv2D', inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1 }, input: [2, 2, 5, 5] },
  MaxPool2D: { config: { type: 'MaxPool2D', kernelSize: 2 }, input: [2, 2, 4, 4] },
  AvgPool2D: { config: { type: 'AvgPool2D', kernelSize: 2 }, input: [2, 2, 4, 4] },
  GlobalAvgPool2D: { config: { type: 'GlobalAvgPool2D' }, input: [2, 2, 3, 3] },
  BatchNorm1D: { config: { type: 'BatchNorm1D', features: 4 }, input: [2, 4] },
  BatchNorm2D: { config: { type: 'BatchNorm2D', channels: 2 }, input: [2, 2, 3, 3] },
  LayerNorm: { config: { type: 'LayerNorm', normalizedShape: 4 }, input: [2, 4] },
  Sequential: { config: { type: 'Sequential', layers: [{ type: 'Linear', inputSize: 4, outputSize: 3 }, { type: 'Tanh' }] }, input: [2, 4] },
  Residual: {
    config: {
      type: 'Residual',
      block: [{ type: 'Conv2D', inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1 }, { type: 'BatchNorm2D', channels: 3 }],
      shortcut: { type: 'Conv2D', inChannels: 2, outChannels: 3, kernelSize: 1 },
    },
    input: [2, 2, 4, 4],
  },
  Concat: { config: { type: 'Concat', branches: [{ type: 'Linear', inputSize: 4, outputSize: 2 }, [{ type: 'Tanh' }]], axis: -1 }, input: [2, 4] },
  Embedding: { config: { type: 'Embedding', numEmbeddings: 6, embeddingDim: 3 }, input: [2, 5], indices: 6 },
  SimpleRNN: { config: { type: 'SimpleRNN', inputSize: 3, hiddenSize: 4 }, input: [2, 5, 3] },
  LSTM: { config: { type: 'LSTM', inputSize: 3, hiddenSize: 4, returnSequences: true }, input: [2, 5, 3] },
  // TF.js 4.22 has only reset_after=False; the default PyTorch form is refused there by name (sequenceTfjs.test.ts).
  GRU: { config: { type: 'GRU', inputSize: 3, hiddenSize: 4, resetAfter: false }, input: [2, 5, 3] },
  Bidirectional: { config: { type: 'Bidirectional', layer: { type: 'LSTM', inputSize: 3, hiddenSize: 2 } }, input: [2, 5, 3] },
  LastStep: { config: { type: 'LastStep' }, input: [2, 5, 3] },
  GlobalAvgPool1D: { config: { type: 'GlobalAvgPool1D' }, input: [2, 5, 3] },
  GlobalMaxPool1D: { config: { type: 'GlobalMaxPool1D' }, input: [2, 5, 3] },
  PositionalEmbedding: { config: { type: 'PositionalEmbedding', maxLength: 8, dim: 3 }, input: [2, 5, 3] },
  MultiHeadAttention: { config: { type: 'MultiHeadAttention', embedDim: 4, numHeads: 2, causal: true }, input: [2, 5, 4] },
};

/** Types whose ONNX export is refused, each with a word its message must contain (none today). */
const ONNX_REFUSED: Partial<Record<LayerType, string>> = {};

/** Types whose TF.js export is refused on purpose, each with a word its message must contain. */
const TFJS_REFUSED: Partial<Record<LayerType, string>> = {
  GELU: 'erf', ELU: 'alpha 1 only, got alpha 0.7', LastStep: 'returnSequences', PositionalEmbedding: 'position table',
  MultiHeadAttention: 'no MultiHeadAttention layer',
};

/** A one-layer model with every parameter and buffer random, in eval mode, and an input for it. */
function sample(type: LayerType, extra?: Sample<LayerType>): { model: Sequential; x: Tensor } {
  const { config, input, indices } = extra ?? (SAMPLES[type] as Sample<LayerType>);
  const model = randomized(new Sequential([buildLayer(config, createRng(3))]), 5).eval();
  if (indices !== undefined) return { model, x: Tensor.from(Array.from({ length: input[0]! * input[1]! }, (_, i) => (i * 5) % indices), input) };
  // Away from 0, where ReLU-like layers have a kink that float32 rounding could cross.
  const x = Tensor.uniform(input, 0.1, 2, createRng(7));
  x.data.forEach((v, i) => {
    if (i % 3 === 0) x.data[i] = -v;
  });
  return { model, x };
}

async function runOnnx(path: string, x: Tensor): Promise<Tensor> {
  const session = await ort.InferenceSession.create(path);
  const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
  await session.release();
  const output = result.output as ort.Tensor;
  return Tensor.from(output.data as Float32Array, output.dims);
}

describe('every layer type', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir('kubiki-every-type-');
  });
  afterEach(() => removeDir(dir));

  const cases: [string, LayerType, Sample<LayerType> | undefined][] = [
    ...LAYER_TYPES.map((type): [string, LayerType, undefined] => [type, type, undefined]),
    ['PReLU (one shared slope)', 'PReLU', { config: { type: 'PReLU' }, input: [2, 4] }],
  ];

  test('has a sample (LAYER_TYPES and the LayerType union agree)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...LAYER_TYPES].sort());
  });

  test.each(cases)('%s saves and loads through the model file, computing the same', (_, type, extra) => {
    const { model, x } = sample(type, extra);
    const path = join(dir, 'model.kubiki.json');
    saveModel(model, path);
    const loaded = loadModel(path).eval();
    expect((loaded as Sequential).toJSON().layers).toEqual(model.toJSON().layers);
    expect(loaded.toJSON().weights).toEqual(model.toJSON().weights);
    expectClose(loaded.forward(x), model.forward(x), 0);
  });

  test.each(cases)('%s exports to ONNX and runs in ONNX Runtime', async (_, type, extra) => {
    const { model, x } = sample(type, extra);
    const path = join(dir, 'model.onnx');
    const refused = ONNX_REFUSED[type];
    if (refused !== undefined) {
      expect(() => exportOnnx(model, path, { inputShape: x.shape.slice(1) })).toThrow(
        new RegExp(`layers\\[0\\] \\(${type}\\) has no ONNX equivalent: .*${refused}`),
      );
      return;
    }
    exportOnnx(model, path, { inputShape: x.shape.slice(1) });
    expectClose(await runOnnx(path, x), model.forward(x), 1e-5);
  });

  test.each(cases)('%s exports to TF.js, predicting the same there and after importTfjs, or is refused by name', async (_, type, extra) => {
    const { model, x } = sample(type, extra);
    const refused = TFJS_REFUSED[type];
    if (refused !== undefined) {
      expect(() => exportTfjs(model, dir, { inputShape: x.shape.slice(1) })).toThrow(ConfigError);
      expect(() => exportTfjs(model, dir, { inputShape: x.shape.slice(1) })).toThrow(
        new RegExp(`layers\\[0\\] \\(${type}\\) has no Keras/TF\\.js layers equivalent: .*${refused}`),
      );
      return;
    }
    exportTfjs(model, dir, { inputShape: x.shape.slice(1) });
    expectClose(predictInTfjs(await loadInTfjs(dir), x), model.forward(x), 1e-5);
    // …and importTfjs reads the files back into a network computing the same (containers are written
    // as a Keras functional model, read back as a graph Model).
    expectClose(importTfjs(dir).eval().forward(x), model.forward(x), 1e-6);
  });
});
