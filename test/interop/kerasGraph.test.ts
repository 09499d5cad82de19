import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../src/errors';
import { readKerasModel } from '../../src/interop/kerasGraph';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/interop', name), 'utf8'));

describe('readKerasModel', () => {
  test('Keras 3 and Keras 2 forms give the same calls', () => {
    const read = (name: string) => {
      const model = readKerasModel(fixture(name), 'test');
      if (model.kind !== 'functional') throw new Error('expected a functional model');
      return model.graph;
    };
    const k3 = read('keras3-functional.json');
    const k2 = read('keras2-functional.json');
    for (const graph of [k3, k2]) {
      expect(graph.name).toBe('two_heads');
      expect(graph.inputs).toEqual([{ layer: 'a', node: 0, tensor: 0 }, { layer: 'b', node: 0, tensor: 0 }]);
      expect(graph.outputs).toEqual([{ layer: 'head', node: 0, tensor: 0 }, { layer: 'score', node: 0, tensor: 0 }]);
      expect(graph.layers.map((l) => [l.name, l.calls.map((c) => [c.list, c.inputs.map((r) => r.layer)])])).toEqual([
        ['a', []], ['b', []], ['concatenate', [[true, ['a', 'b']]]], ['dense', [[false, ['concatenate']]]], ['proj', [[false, ['a']]]],
        ['add', [[true, ['dense', 'proj']]]], ['head', [[false, ['add']]]], ['score', [[false, ['add']]]],
      ]);
    }
    expect(k3.layers[3]?.at).toBe('test config.layers[3] (Dense "dense")');
  });

  test('a bare triple, a record of outputs, a bare reference as a call and the converter wrapper', () => {
    const doc = {
      model_config: {
        class_name: 'Model',
        config: {
          layers: [
            { class_name: 'InputLayer', config: { name: 'x', batch_input_shape: [null, 2] }, inbound_nodes: [] },
            { class_name: 'Dense', config: { name: 'd', units: 1 }, inbound_nodes: [['x', 0, 0, {}]] },
          ],
          input_layers: ['x', 0, 0],
          output_layers: { out: ['d', 0, 0] },
        },
      },
    };
    const model = readKerasModel(doc, 'test');
    expect(model.kind).toBe('functional');
    if (model.kind !== 'functional') return;
    expect(model.graph.name).toBe('model');
    expect(model.graph.inputs).toEqual([{ layer: 'x', node: 0, tensor: 0 }]);
    expect(model.graph.outputs).toEqual([{ layer: 'd', node: 0, tensor: 0 }]);
    expect(model.graph.layers[1]?.calls[0]?.inputs).toEqual([{ layer: 'x', node: 0, tensor: 0 }]);
    expect(readKerasModel(fixture('keras3-mlp.json'), 'test').kind).toBe('sequential');
  });

  test('malformed documents are DataErrors naming the JSON path', () => {
    const doc = () => fixture('keras3-functional.json');
    const cases: [(d: any) => void, string][] = [
      [(d) => (d.config.layers[3].inbound_nodes = {}), 'test config.layers[3] (Dense "dense"): expected inbound_nodes to be an array, got {}'],
      [(d) => (d.config.layers[4].name = 'dense'), 'test config.layers[4]: the layer name "dense" is used twice; layer names must be unique'],
      [(d) => (d.config.layers[3].inbound_nodes[0].args[0].config.keras_history = ['x', 0]), 'inbound_nodes[0].args[0].config.keras_history: expected [layer name, node index, tensor index], got ["x",0]'],
      [(d) => (d.config.layers[3].inbound_nodes[0].args[0] = 5), 'test config.layers[3] (Dense "dense") inbound_nodes[0].args[0]: expected a tensor { class_name: "__keras_tensor__", config: { keras_history } }, got 5'],
      [(d) => (d.config.output_layers = []), 'test config.output_layers: expected a list of [layer name, node index, tensor index], got []'],
      [(d) => (d.config.input_layers = [['a', -1, 0]]), 'test config.input_layers[0]: expected [layer name, node index, tensor index], got ["a",-1,0]'],
    ];
    for (const [mutate, message] of cases) {
      const d = doc();
      mutate(d);
      expect(() => readKerasModel(d, 'test')).toThrow(DataError);
      expect(() => readKerasModel(d, 'test')).toThrow(message);
    }
  });
});
