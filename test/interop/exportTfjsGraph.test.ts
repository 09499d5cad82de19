import { Concat } from '../../src/containers/Concat';
import { Residual } from '../../src/containers/Residual';
import { ConfigError } from '../../src/errors';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { exportTfjs } from '../../src/interop/exportTfjs';
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

  it('refuses a shared layer by name', () => {
    const x = Input([3], { name: 'x' });
    const shared = new Linear(3, 3);
    const model = new Model({ inputs: x, outputs: shared.apply(shared.apply(x), { name: 'again' }) });
    expect(() => exportTfjs(model, dir)).toThrow(ConfigError);
    expect(() => exportTfjs(model, dir)).toThrow('exportTfjs: node "again" (Linear) reuses a layer of another node');
    const y = Input([3], { name: 'y' });
    const difference = new Model({ inputs: [x, y], outputs: new Subtract().apply([x, y], { name: 'diff' }) });
    expect(() => exportTfjs(difference, dir)).toThrow('exportTfjs: node "diff" (Subtract) has no TF.js layers equivalent: TF.js 4 has no Subtract layer');
  });
});
