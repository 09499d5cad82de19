/**
 * @jest-environment ./test/interop/onnxRuntimeEnvironment.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ConfigError } from '../../src/errors';
import { exportOnnx } from '../../src/interop/exportOnnx';
import { onnxModelProto } from '../../src/interop/onnxSchema';
import { Dropout } from '../../src/layers/Dropout';
import { ELU } from '../../src/layers/ELU';
import { Flatten } from '../../src/layers/Flatten';
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
import { removeDir, temporaryDir } from './tfjsHarness';

/** Runs the ONNX file in ONNX Runtime (CPU) on `x` and returns "output". */
async function runOnnx(path: string, x: Tensor): Promise<Tensor> {
  const session = await ort.InferenceSession.create(path);
  const feeds = { input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) };
  const result = await session.run(feeds);
  const output = result.output as ort.Tensor;
  await session.release();
  return Tensor.from(output.data as Float32Array, output.dims);
}

function seededBiases(model: Sequential, seed: number): Sequential {
  const rng = createRng(seed);
  for (const p of model.paramGrads()) if (p.name.endsWith('bias')) p.value.data.set(Tensor.uniform(p.value.shape, -0.5, 0.5, rng).data);
  return model;
}

/** Every dense-network layer kubiki has. */
function mlp(seed: number): Sequential {
  const rng = createRng(seed);
  return seededBiases(
    new Sequential([
      new Flatten(),
      new Linear(6, 8, { rng }),
      new ReLU(),
      new Linear(8, 8, { rng, bias: false }),
      new LeakyReLU(0.2),
      new Dropout(0.5),
      new Linear(8, 8, { rng }),
      new ELU(0.7),
      new Sigmoid(),
      new Tanh(),
      new Softplus(),
      new GELU(),
      new Identity(),
      new Linear(8, 5, { rng }),
      new Softmax(),
      new LogSoftmax(),
    ]),
    seed + 1,
  );
}

describe('exportOnnx', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDir();
  });
  afterAll(() => removeDir(dir));

  test('an MLP runs in ONNX Runtime with the same predictions to 1e-5, any batch size', async () => {
    const model = mlp(1);
    model.metadata.inputShape = [2, 3];
    const path = join(dir, 'mlp.onnx');
    exportOnnx(model, path);
    for (const batch of [1, 7]) {
      const x = Tensor.uniform([batch, 2, 3], -2, 2, createRng(batch));
      expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
    }
  });

  test.each([13, 17])('CNNs run in ONNX Runtime with the same predictions to 1e-5 (opset %i)', async (opset) => {
    for (const [name, model, shape] of [['cnn', cnn(opset), [5, 1, 8, 8]], ['cnn2', cnn2(opset), [3, 2, 9, 8]]] as const) {
      const path = join(dir, `${name}-${opset}.onnx`);
      exportOnnx(model, path, { opset });
      const x = Tensor.uniform(shape, -2, 2, createRng(7));
      expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
    }
  });

  test('opset 20 uses the Gelu op and gives the same predictions', async () => {
    const model = mlp(2);
    const path = join(dir, 'mlp20.onnx');
    exportOnnx(model, path, { opset: 20, inputShape: [6] });
    const decoded = onnxModelProto().toObject(onnxModelProto().decode(readFileSync(path)), { longs: Number }) as {
      ir_version: number;
      opset_import: { version: number }[];
      graph: { node: { op_type: string }[] };
    };
    expect(decoded.opset_import[0]?.version).toBe(20);
    expect(decoded.ir_version).toBe(9);
    expect(decoded.graph.node.map((n) => n.op_type)).toContain('Gelu');
    const x = Tensor.uniform([4, 6], -2, 2, createRng(3));
    expectClose(await runOnnx(path, x), model.predict(x), 1e-5);
  });

  test('the file is a ModelProto with a symbolic batch, float32 raw_data initializers named like the parameters', () => {
    const model = seededBiases(new Sequential([new Linear(3, 2), new ReLU()]), 4);
    model.metadata.classes = ['no', 'yes'];
    const path = join(dir, 'small.onnx');
    exportOnnx(model, path);
    const decoded = onnxModelProto().toObject(onnxModelProto().decode(readFileSync(path)), { longs: Number, bytes: Array }) as {
      ir_version: number;
      metadata_props: { key: string; value: string }[];
      graph: {
        input: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: object[] } } } }[];
        output: { name: string; type: { tensor_type: { shape: { dim: object[] } } } }[];
        initializer: { name: string; dims: number[]; data_type: number; raw_data: number[] }[];
        node: { op_type: string; input: string[]; output: string[] }[];
      };
    };
    expect(decoded.ir_version).toBe(7);
    expect(decoded.metadata_props).toEqual([{ key: 'kubiki.metadata', value: '{"classes":["no","yes"]}' }]);
    expect(decoded.graph.input[0]?.type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 3 }]);
    expect(decoded.graph.output[0]?.type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 2 }]);
    expect(decoded.graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'Relu']);
    const weight = decoded.graph.initializer.find((t) => t.name === '0.weight');
    expect(weight).toMatchObject({ dims: [3, 2], data_type: 1 });
    const stored = new Float32Array(Uint8Array.from(weight?.raw_data ?? []).buffer);
    expect(Array.from(stored)).toEqual(Array.from((model.layers[0] as Linear).weight.value.data));
  });

  test('bad options and layers without an ONNX form are errors', () => {
    const model = new Sequential([new Linear(3, 2)]);
    expect(() => exportOnnx(model, join(dir, 'x.onnx'), { opset: 9 })).toThrow(/opset to be an integer from 13 to 22, got 9/);
    expect(() => exportOnnx(new Sequential([new ReLU()]), join(dir, 'x.onnx'))).toThrow(/cannot tell the model's input shape/);
    // A layer class from outside kubiki (its config type is unknown to the exporter).
    const custom = Object.assign(new Identity(), { name: 'Custom', toConfig: () => ({ type: 'Custom' }) }) as unknown as Identity;
    const withCustom = new Sequential([new Linear(3, 2), custom]);
    expect(() => exportOnnx(withCustom, join(dir, 'x.onnx'))).toThrow(ConfigError);
    expect(() => exportOnnx(withCustom, join(dir, 'x.onnx'))).toThrow(/layers\[1\] \(Custom\) has no ONNX export/);
  });
});
