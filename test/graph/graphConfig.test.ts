import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Concat } from '../../src/containers/Concat';
import { Residual } from '../../src/containers/Residual';
import { ConfigError, DataError } from '../../src/errors';
import { graphFromConfig, graphToConfig } from '../../src/graph/graphConfig';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
import { Linear } from '../../src/layers/Linear';
import { Add } from '../../src/layers/merge/Add';
import { Maximum } from '../../src/layers/merge/Maximum';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { loadModel, saveModel } from '../../src/model/modelFile';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { randomTensor } from '../helpers/layerChecks';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubiki-graph-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function graph() {
  const a = Input([3], { name: 'a' });
  const b = Input([3], { name: 'b' });
  const shared = new Linear(3, 4, { rng: createRng(1) });
  const ha = shared.apply(a, { name: 'enc' });
  const hb = shared.apply(b, { name: 'enc_b' });
  const m = new Maximum().apply([ha, hb]);
  const bn = new BatchNorm1D(4).apply(m, { name: 'bn' });
  const out = new Linear(4, 2, { rng: createRng(2) }).apply(new Add().apply([bn, new ReLU().apply(ha)]), { name: 'head' });
  return new Model({ inputs: [a, b], outputs: [out, hb] });
}

const build = (json: unknown) => graphFromConfig(json, { path: 'model', error: (m) => new ConfigError(m) });

describe('graph configs and model files', () => {
  it('toConfig writes nodes with names, inputs and "shares"; fromConfig rebuilds the same graph', () => {
    const model = graph();
    const config = graphToConfig(model);
    expect(config.inputs).toEqual([{ name: 'a', shape: [3] }, { name: 'b', shape: [3] }]);
    expect(config.layers.map((n) => [n.name, 'type' in n ? n.type : `shares ${n.shares}`, n.inputs])).toEqual([
      ['enc', 'Linear', ['a']],
      ['enc_b', 'shares enc', ['b']],
      ['maximum_1', 'Maximum', ['enc', 'enc_b']],
      ['bn', 'BatchNorm1D', ['maximum_1']],
      ['relu_1', 'ReLU', ['enc']],
      ['add_1', 'Add', ['bn', 'relu_1']],
      ['head', 'Linear', ['add_1']],
    ]);
    expect(config.outputs).toEqual(['head', 'enc_b']);
    const rebuilt = build(JSON.parse(JSON.stringify(config)));
    expect(graphToConfig(rebuilt)).toEqual(config);
    expect(rebuilt.paramGrads().map((p) => p.name)).toEqual(model.paramGrads().map((p) => p.name));
  });

  it('saveModel/loadModel round-trip a graph: same predictions, weights, buffers and metadata', () => {
    const model = graph();
    const xs = [randomTensor([6, 3], 1), randomTensor([6, 3], 2)];
    model.fit(xs, [randomTensor([6, 2], 3), randomTensor([6, 4], 4)], {
      loss: new (require('../../src/losses/MSELoss').MSELoss)(),
      optimizer: new (require('../../src/optim/Adam').Adam)({ lr: 0.01 }),
      epochs: 2,
      batchSize: 3,
    });
    model.metadata = { note: 'graph' };
    const path = join(dir, 'graph.json');
    saveModel(model, path);
    const loaded = loadModel(path) as unknown as typeof model;
    expect(loaded).toBeInstanceOf(Model);
    const [p, q] = loaded.predict(xs);
    const [e, f] = model.predict(xs);
    expect(Array.from(p!.data)).toEqual(Array.from(e!.data));
    expect(Array.from(q!.data)).toEqual(Array.from(f!.data));
    expect(loaded.buffers().map((b) => Array.from(b.value.data))).toEqual(model.buffers().map((b) => Array.from(b.value.data)));
    expect(loaded.metadata).toEqual({ note: 'graph' });
  });

  it('saveModel/loadModel round-trip a Sequential of containers, and a bare container', () => {
    const model = new Sequential([
      new Linear(3, 4, { rng: createRng(1) }),
      new Residual(new Sequential([new Linear(4, 4, { rng: createRng(2) }), new BatchNorm1D(4), new Tanh()])),
      new Concat([new Linear(4, 2, { rng: createRng(3) }), new ReLU()]),
    ]);
    model.train().forward(randomTensor([5, 3]));
    const x = randomTensor([4, 3], 9);
    const path = join(dir, 'containers.json');
    saveModel(model, path);
    const loaded = loadModel(path);
    expect(loaded).toBeInstanceOf(Sequential);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(loaded.paramGrads().map((p) => p.name)).toContain('1.block.0.weight');

    const residual = new Residual(new Linear(3, 3, { rng: createRng(4) }));
    saveModel(residual, join(dir, 'bare.json'));
    const bare = loadModel(join(dir, 'bare.json'));
    expect(Array.from(bare.predict(x).data)).toEqual(Array.from(residual.forward(x).data));
  });

  it('a graph file with a broken node names the JSON path', () => {
    const document = graph().toJSON() as unknown as { graph: { layers: Record<string, unknown>[] } };
    document.graph.layers[3]!.type = 'BatchNorm';
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify(document));
    expect(() => loadModel(path)).toThrow(DataError);
    expect(() => loadModel(path)).toThrow(`${path}: graph.layers[3].type: unknown layer "BatchNorm"; did you mean "BatchNorm1D"?`);
  });

  it('unknown names get "did you mean", cycles and shape mismatches name the nodes', () => {
    const base = {
      inputs: [{ name: 'x', shape: [4] }],
      layers: [
        { name: 'hidden', type: 'Linear', inputSize: 4, outputSize: 3, inputs: ['x'] },
        { name: 'out', type: 'Linear', inputSize: 3, outputSize: 2, inputs: ['hiden'] },
      ],
      outputs: ['out'],
    };
    expect(() => build(base)).toThrow(ConfigError);
    expect(() => build(base)).toThrow('model.layers[1].inputs[0]: unknown node "hiden"; did you mean "hidden"?');
    expect(() => build({ ...base, outputs: ['outt'] })).toThrow('model.outputs[0]: unknown node "outt"; did you mean "out"?');
    const cycle = {
      inputs: [{ name: 'x', shape: [3] }],
      layers: [
        { name: 'a', type: 'Add', inputs: ['x', 'c'] },
        { name: 'b', type: 'Tanh', inputs: ['a'] },
        { name: 'c', type: 'ReLU', inputs: ['b'] },
      ],
      outputs: 'c',
    };
    expect(() => build(cycle)).toThrow('model.layers[2]: the graph has a cycle: "c" → "a" → "b" → "c"; a node cannot depend on its own output');
    const mismatch = {
      inputs: [{ name: 'x', shape: [4] }],
      layers: [
        { name: 'h', type: 'Linear', inputSize: 4, outputSize: 3, inputs: ['x'] },
        { name: 'sum', type: 'Add', inputs: ['h', 'x'] },
      ],
      outputs: 'sum',
    };
    expect(() => build(mismatch)).toThrow(
      'model.layers[1] ("sum"): Add.apply(h [batch, 3], x [batch, 4]): Add: expected inputs of one shape, got inputs[0] (h [batch, 3]) and inputs[1] (x [batch, 4])',
    );
    expect(() => build({ ...base, layers: [{ ...base.layers[0], name: 'x' }] })).toThrow(
      'model.layers[0].name: "x" is already the name of model.inputs[0]',
    );
    expect(() => build({ inputs: [], layers: [], outputs: [] })).toThrow('model.inputs: expected a non-empty array');
  });

  it('a one-output config ("outputs": "name") forwards to a tensor', () => {
    const model = build({
      inputs: [{ name: 'x', shape: [2] }],
      layers: [{ name: 't', type: 'Tanh', inputs: ['x'] }],
      outputs: 't',
    });
    expect(model.forward(Tensor.zeros([1, 2]))).toBeInstanceOf(Tensor);
  });
});
