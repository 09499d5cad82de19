import { Concat } from '../../src/containers/Concat';
import { Residual } from '../../src/containers/Residual';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Input } from '../../src/graph/Input';
import { Model, type SymbolicStructure } from '../../src/graph/Model';
import { exportTfjs } from '../../src/interop/exportTfjs';
import { importTfjs } from '../../src/interop/importTfjs';
import { BatchNorm2D } from '../../src/layers/BatchNorm2D';
import { Conv2D } from '../../src/layers/Conv2D';
import { Flatten } from '../../src/layers/Flatten';
import { Linear } from '../../src/layers/Linear';
import { Add } from '../../src/layers/merge/Add';
import { Average } from '../../src/layers/merge/Average';
import { Concatenate } from '../../src/layers/merge/Concatenate';
import { Maximum } from '../../src/layers/merge/Maximum';
import { Multiply } from '../../src/layers/merge/Multiply';
import { Subtract } from '../../src/layers/merge/Subtract';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { loadInTfjs, predictInTfjs, removeDir, temporaryDir, tf } from './tfjsHarness';

describe('exportTfjs of graphs and containers, predicted by the real TF.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir('kubiki-tfjs-graph-');
  });
  afterEach(() => removeDir(dir));

  it('a residual CNN (Residual with a shortcut, Concat of branches) as a Keras functional model', async () => {
    const model = new Sequential([
      new Conv2D(1, 4, 3, { padding: 'same', rng: createRng(1) }),
      new Residual(new Sequential([new Conv2D(4, 4, 3, { padding: 'same', rng: createRng(2) }), new BatchNorm2D(4), new ReLU()])),
      new Residual(new Conv2D(4, 6, 3, { padding: 1, rng: createRng(3) }), { shortcut: new Conv2D(4, 6, 1, { rng: createRng(4) }) }),
      new Concat([new Conv2D(6, 2, 1, { rng: createRng(5) }), new Tanh()]),
      new Flatten(),
      new Linear(8 * 5 * 5, 3, { rng: createRng(6) }),
    ]);
    model.train().forward(Tensor.uniform([4, 1, 5, 5], -1, 1, createRng(8)));
    model.eval();
    exportTfjs(model, dir, { inputShape: [1, 5, 5] });
    const x = Tensor.uniform([3, 1, 5, 5], -1, 1, createRng(7));
    expectClose(predictInTfjs(await loadInTfjs(dir), x), model.forward(x), 1e-5);
  });

  it('two inputs, two outputs and every merge layer', async () => {
    const a = Input([4], { name: 'a' });
    const b = Input([4], { name: 'b' });
    const ha = new Linear(4, 3, { rng: createRng(1) }).apply(a);
    const hb = new Tanh().apply(new Linear(4, 3, { rng: createRng(2) }).apply(b));
    const merged = [
      new Add().apply([ha, hb]),
      new Multiply().apply([ha, hb]),
      new Average().apply([ha, hb]),
      new Maximum().apply([ha, hb]),
    ];
    const out = new Linear(12, 2, { rng: createRng(3) }).apply(new Concatenate().apply(merged));
    const model = new Model({ inputs: [a, b], outputs: [out, hb] });
    exportTfjs(model, dir);
    const loaded = await loadInTfjs(dir);
    const xa = Tensor.uniform([5, 4], -1, 1, createRng(4));
    const xb = Tensor.uniform([5, 4], -1, 1, createRng(5));
    const outputs = loaded.predict([tf.tensor(Array.from(xa.data), [5, 4]), tf.tensor(Array.from(xb.data), [5, 4])]) as import('@tensorflow/tfjs').Tensor[];
    const [e1, e2] = model.forward([xa, xb]);
    expectClose(Tensor.from(outputs[0]!.dataSync(), outputs[0]!.shape), e1!, 1e-5);
    expectClose(Tensor.from(outputs[1]!.dataSync(), outputs[1]!.shape), e2!, 1e-5);
  });

  it('a shared layer is written once with one inbound node per use; Subtract as Add and a −I Dense', async () => {
    // siamese: one encoder (a Sequential container with a shared Linear inside) on both inputs, then a − b,
    // and the same Linear called twice in a row on the difference.
    const x = Input([4], { name: 'x' });
    const y = Input([4], { name: 'y' });
    const inner = new Linear(3, 3, { rng: createRng(1) });
    const encoder = new Sequential([new Linear(4, 3, { rng: createRng(2) }), new Tanh(), inner, new ReLU(), inner]);
    const twice = new Linear(3, 3, { rng: createRng(3) });
    const difference = new Subtract().apply([encoder.apply(x), encoder.apply(y)], { name: 'diff' });
    const out = twice.apply(twice.apply(difference), { name: 'again' });
    const model = new Model({ inputs: [x, y], outputs: [out, difference] });
    exportTfjs(model, dir);
    const topology = (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { name: string; class_name: string; inbound_nodes: unknown[] }[] } } }).modelTopology;
    const calls = Object.fromEntries(topology.config.layers.map((l) => [l.name, l.inbound_nodes.length]));
    expect(calls).toEqual({
      x: 0, y: 0, dense_1: 2, activation_1: 2, dense_2: 4, activation_2: 2, subtract_negate_1: 1, subtract_1: 1, dense_3: 2,
    });
    expect(topology.config.layers.find((l) => l.name === 'subtract_1')?.class_name).toBe('Add');

    const xa = Tensor.uniform([5, 4], -1, 1, createRng(4));
    const xb = Tensor.uniform([5, 4], -1, 1, createRng(5));
    const expected = model.forward([xa, xb]);
    const loaded = await loadInTfjs(dir);
    const outputs = loaded.predict([tf.tensor(Array.from(xa.data), [5, 4]), tf.tensor(Array.from(xb.data), [5, 4])]) as import('@tensorflow/tfjs').Tensor[];
    outputs.forEach((o, k) => expectClose(Tensor.from(o.dataSync(), o.shape), expected[k] as Tensor, 1e-5));
    // …and importTfjs rebuilds the sharing: the weights exist once.
    const back = importTfjs(dir) as Model;
    const size = (m: Model<SymbolicStructure, SymbolicStructure>) => [...new Set(m.paramGrads().map((p) => p.value))].reduce((n, v) => n + v.size, 0);
    expect(size(back)).toBe(size(model) + 9); // + the −I kernel of the Subtract
    expect(back.nodes.filter((n) => n.layerName === 'dense_2')).toHaveLength(4);
    back.predictAll([xa, xb]).forEach((o, k) => expectClose(o, expected[k] as Tensor, 1e-6));
  });

  it('round trip: a graph with containers, two inputs and two outputs → exportTfjs → importTfjs predicts the same', () => {
    const image = Input([1, 6, 6], { name: 'image' });
    const extra = Input([3], { name: 'extra' });
    const trunk = new Sequential([
      new Conv2D(1, 4, 3, { padding: 1, rng: createRng(1) }),
      new Residual(new Sequential([new Conv2D(4, 4, 3, { padding: 'same', rng: createRng(2) }), new BatchNorm2D(4), new ReLU()])),
      new Concat([new Conv2D(4, 2, 1, { rng: createRng(3) }), new Tanh()]),
      new Flatten(),
    ]).apply(image);
    const features = new Linear(6 * 6 * 6, 5, { rng: createRng(4) }).apply(trunk);
    const side = new Linear(3, 5, { rng: createRng(5) }).apply(extra);
    const joined = new Concatenate().apply([new Add().apply([features, side]), new Maximum().apply([features, side])]);
    const model = new Model({ inputs: [image, extra], outputs: [new Linear(10, 2, { rng: createRng(6) }).apply(joined), side] });
    model.train().forward([Tensor.uniform([4, 1, 6, 6], -1, 1, createRng(7)), Tensor.uniform([4, 3], -1, 1, createRng(8))]);
    model.eval();
    exportTfjs(model, dir);
    const back = importTfjs(dir) as Model;
    expect(back).toBeInstanceOf(Model);
    expect(back.inputs).toEqual(model.inputs);
    // Containers come back flattened: every layer is a leaf or a merge layer.
    expect(back.layers.some((l) => l instanceof Sequential || l instanceof Residual || l instanceof Concat)).toBe(false);
    const xs = [Tensor.uniform([3, 1, 6, 6], -1, 1, createRng(9)), Tensor.uniform([3, 3], -1, 1, createRng(10))];
    const expected = model.forward(xs);
    back.eval().forwardAll(xs).forEach((y, k) => expectClose(y, expected[k] as Tensor, 1e-6));
  });
});
