import { orderCalls } from '../../src/interop/kerasCallOrder';
import type { Json, JsonObject } from '../../src/interop/kerasJson';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { tfjsArtifacts } from '../../src/interop/exportTfjs';
import { Linear } from '../../src/layers/Linear';
import { Add } from '../../src/layers/merge/Add';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { tf } from './tfjsHarness';

const input = (name: string): JsonObject => ({ class_name: 'InputLayer', name, config: { name }, inbound_nodes: [] });
const layer = (name: string, calls: Json[][][]): JsonObject => ({ class_name: 'Dense', name, config: { name }, inbound_nodes: calls as Json });

describe('orderCalls', () => {
  it("rewrites a shared layer's calls in the order TF.js makes them, and the references with them", () => {
    // a: called on x, on b's output, on y. TF.js makes a(x), cannot make a(b) yet, makes a(y), then b, then a(b).
    const layers = [
      input('x'),
      input('y'),
      layer('a', [[['x', 0, 0, {}]], [['b', 0, 0, {}]], [['y', 0, 0, {}]]]),
      layer('b', [[['a', 0, 0, {}]]]),
      layer('c', [[['a', 1, 0, {}], ['a', 2, 0, {}]]]),
    ];
    const outputs: Json[][] = [['a', 2, 0], ['c', 0, 0]];
    orderCalls(layers, outputs, 'test');
    expect(layers[2]?.inbound_nodes).toEqual([[['x', 0, 0, {}]], [['y', 0, 0, {}]], [['b', 0, 0, {}]]]);
    expect(layers[4]?.inbound_nodes).toEqual([[['a', 2, 0, {}], ['a', 1, 0, {}]]]);
    expect(outputs).toEqual([['a', 1, 0], ['c', 0, 0]]);
  });

  it('leaves calls alone when TF.js makes them as written', () => {
    const layers = [input('x'), layer('a', [[['x', 0, 0, {}]], [['a', 0, 0, {}]]])];
    const outputs: Json[][] = [['a', 1, 0]];
    orderCalls(layers, outputs, 'test');
    expect(layers[1]?.inbound_nodes).toEqual([[['x', 0, 0, {}]], [['a', 0, 0, {}]]]);
    expect(outputs).toEqual([['a', 1, 0]]);
  });

  it('a layer reused at another depth (a(b(a(x))) + a(y)) loads in TF.js with the same predictions', async () => {
    const x = Input([3], { name: 'x' });
    const y = Input([3], { name: 'y' });
    const a = new Linear(3, 3, { rng: createRng(1) });
    const b = new Linear(3, 3, { rng: createRng(2) });
    const deep = a.apply(b.apply(a.apply(x)));
    const model = new Model({ inputs: [x, y], outputs: new Add().apply([deep, a.apply(y)]) });
    const { modelJson, weightsBin } = tfjsArtifacts(model);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as object,
        weightSpecs: (modelJson.weightsManifest as { weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[])[0]?.weights,
        weightData: weightsBin.buffer.slice(weightsBin.byteOffset, weightsBin.byteOffset + weightsBin.byteLength) as ArrayBuffer,
      }),
    );
    const xs = [Tensor.uniform([4, 3], -1, 1, createRng(3)), Tensor.uniform([4, 3], -1, 1, createRng(4))];
    const out = loaded.predict(xs.map((t) => tf.tensor(Array.from(t.data), [4, 3]))) as import('@tensorflow/tfjs').Tensor;
    expectClose(Tensor.from(out.dataSync(), out.shape), model.forward(xs), 1e-5);
  });
});
