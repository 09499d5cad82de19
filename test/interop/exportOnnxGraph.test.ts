/**
 * @jest-environment ./test/interop/onnxRuntimeEnvironment.js
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Concat } from '../../src/containers/Concat';
import { Residual } from '../../src/containers/Residual';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { exportOnnx } from '../../src/interop/exportOnnx';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
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
import { removeDir, temporaryDir } from './tfjsHarness';

describe('exportOnnx of graphs and containers, run in ONNX Runtime', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir('kubiki-onnx-graph-');
  });
  afterEach(() => removeDir(dir));

  it('two inputs, two outputs, a shared layer, every merge layer and the containers compute what kubiki computes', async () => {
    const a = Input([4], { name: 'a' });
    const b = Input([4], { name: 'b' });
    const shared = new Linear(4, 3, { rng: createRng(1) });
    const ha = shared.apply(a, { name: 'enc' });
    const hb = shared.apply(b, { name: 'enc_b' });
    const merged = [
      new Add().apply([ha, hb]),
      new Subtract().apply([ha, hb]),
      new Multiply().apply([ha, hb, ha]),
      new Average().apply([ha, hb]),
      new Maximum().apply([ha, hb]),
    ];
    const joined = new Concatenate().apply(merged); // [batch, 15]
    const block = new Residual(new Sequential([new Linear(15, 15, { rng: createRng(2) }), new Tanh()]), {});
    const body = new Sequential([block, new BatchNorm1D(15), new Concat([new Linear(15, 2, { rng: createRng(3) }), new ReLU()], { axis: -1 })]);
    const out = body.apply(joined, { name: 'body' });
    const model = new Model({ inputs: [a, b], outputs: [out, new Tanh().apply(hb, { name: 'side' })] });
    const bn = body.paramGrads().length; // give BatchNorm non-trivial statistics
    expect(bn).toBeGreaterThan(0);
    model.train();
    model.forward([Tensor.uniform([8, 4], -1, 1, createRng(9)), Tensor.uniform([8, 4], -1, 1, createRng(10))]);
    model.eval();

    const path = join(dir, 'graph.onnx');
    exportOnnx(model, path);
    const xa = Tensor.uniform([5, 4], -1, 1, createRng(4));
    const xb = Tensor.uniform([5, 4], -1, 1, createRng(5));
    const session = await ort.InferenceSession.create(path);
    expect(session.inputNames).toEqual(['a', 'b']);
    expect(session.outputNames).toEqual(['body', 'side']);
    const result = await session.run({
      a: new ort.Tensor('float32', Float32Array.from(xa.data), [5, 4]),
      b: new ort.Tensor('float32', Float32Array.from(xb.data), [5, 4]),
    });
    await session.release();
    const [expected1, expected2] = model.forward([xa, xb]);
    const body1 = result.body as ort.Tensor;
    const side = result.side as ort.Tensor;
    expectClose(Tensor.from(body1.data as Float32Array, body1.dims), expected1!, 1e-5);
    expectClose(Tensor.from(side.data as Float32Array, side.dims), expected2!, 1e-5);
  });
});
