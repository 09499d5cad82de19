import { ConfigError, ShapeError } from '../../src/errors';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
import { Linear } from '../../src/layers/Linear';
import { Add } from '../../src/layers/merge/Add';
import { Concatenate } from '../../src/layers/merge/Concatenate';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { MSELoss } from '../../src/losses/MSELoss';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { gradCheck } from '../../src/model/gradCheck';
import { Sequential } from '../../src/model/Sequential';
import { SGD } from '../../src/optim/SGD';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';

const linear = (n: number, m: number, seed: number) => new Linear(n, m, { rng: createRng(seed), dtype: 'float64' });

/**
 * Two inputs, two outputs:  ha = a·W₁ + b₁,  hb = b·W₂ + b₂,  s = tanh(ha + hb),
 *   out1 = s·W₃ + b₃ ([batch, 1]),  out2 = [ha | b] ([batch, 4]).
 */
function twoByTwo() {
  const a = Input([3], { name: 'a' });
  const b = Input([2], { name: 'b' });
  const ha = linear(3, 2, 1).apply(a, { name: 'ha' });
  const hb = linear(2, 2, 2).apply(b, { name: 'hb' });
  const s = new Tanh().apply(new Add().apply([ha, hb]));
  const out1 = linear(2, 1, 3).apply(s, { name: 'out1' });
  const out2 = new Concatenate().apply([ha, b], { name: 'out2' });
  return new Model({ inputs: [a, b], outputs: [out1, out2], name: 'two' });
}

/** The same network in plain arithmetic, from the parameter values: the oracle. */
function oracle(model: Model<never, never[]> | ReturnType<typeof twoByTwo>, a: Tensor, b: Tensor): [number[][], number[][]] {
  const p = Object.fromEntries(model.paramGrads().map((q) => [q.name, Array.from(q.value.data)]));
  const rows = a.shape[0] as number;
  const out1: number[][] = [];
  const out2: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const ar = [0, 1, 2].map((i) => a.get(r, i));
    const br = [0, 1].map((i) => b.get(r, i));
    const ha = [0, 1].map((j) => ar.reduce((t, v, i) => t + v * p['ha.weight']![i * 2 + j]!, p['ha.bias']![j]!));
    const hb = [0, 1].map((j) => br.reduce((t, v, i) => t + v * p['hb.weight']![i * 2 + j]!, p['hb.bias']![j]!));
    const s = ha.map((v, j) => Math.tanh(v + hb[j]!));
    out1.push([s[0]! * p['out1.weight']![0]! + s[1]! * p['out1.weight']![1]! + p['out1.bias']![0]!]);
    out2.push([...ha, ...br]);
  }
  return [out1, out2];
}

describe('Model (functional graph)', () => {
  const a = randomTensor([5, 3], 11);
  const b = randomTensor([5, 2], 12);

  it('computes two outputs from two inputs like the written-out formulas', () => {
    const model = twoByTwo();
    const [y1, y2] = model.forward([a, b]);
    const [e1, e2] = oracle(model, a, b);
    expectClose(y1!, e1, 1e-12);
    expectClose(y2!, e2, 1e-12);
    expect(model.paramGrads().map((p) => p.name)).toEqual(['ha.weight', 'ha.bias', 'hb.weight', 'hb.bias', 'out1.weight', 'out1.bias']);
    expect(model.layers.map((l) => l.name)).toEqual(['Linear', 'Linear', 'Add', 'Tanh', 'Linear', 'Concatenate']);
  });

  it('has correct gradients for both inputs and every parameter (float64 central differences)', () => {
    const result = gradCheck(twoByTwo(), [a, b]);
    expect(Object.keys(result.errors)).toEqual(['input0', 'input1', 'ha.weight', 'ha.bias', 'hb.weight', 'hb.bias', 'out1.weight', 'out1.bias']);
    expect(result.maxRelError).toBeLessThan(1e-6);
  });

  it('fit minimises Σ lossWeights[k]·lossₖ: one SGD step equals the step on the finite-difference gradient', () => {
    const model = twoByTwo();
    const t1 = randomTensor([5, 1], 13);
    const t2 = randomTensor([5, 4], 14);
    const weights = [1, 0.5];
    const mse = (y: number[][], t: Tensor) => y.flat().reduce((s, v, i) => s + (v - (t.data[i] as number)) ** 2, 0) / t.size;
    const total = () => {
      const [o1, o2] = oracle(model, a, b);
      return weights[0]! * mse(o1, t1) + weights[1]! * mse(o2, t2);
    };
    const lr = 0.1;
    const expected = model.paramGrads().map((p) =>
      Array.from(p.value.data, (v, i) => {
        const h = 1e-6;
        p.value.data[i] = v + h;
        const plus = total();
        p.value.data[i] = v - h;
        const minus = total();
        p.value.data[i] = v;
        return v - (lr * (plus - minus)) / (2 * h);
      }),
    );
    const before = total();
    const history = model.fit([a, b], [t1, t2], {
      loss: [new MSELoss(), new MSELoss()],
      lossWeights: weights,
      optimizer: new SGD({ lr }),
      epochs: 1,
      batchSize: 5,
      shuffle: false,
    });
    expect(history.loss[0]).toBeCloseTo(before, 12);
    model.paramGrads().forEach((p, k) => expectClose(p.value, new Tensor(Float64Array.from(expected[k]!), p.value.shape), 1e-8));
    const result = model.evaluate([a, b], [t1, t2], { loss: new MSELoss(), lossWeights: weights });
    expect(result.loss).toBeCloseTo(total(), 12);
    const [p1, p2] = model.predict([a, b], { batchSize: 2 });
    const [e1, e2] = oracle(model, a, b);
    expectClose(p1!, e1, 1e-12);
    expectClose(p2!, e2, 1e-12);
  });

  it('trains like the equivalent Sequential, bit for bit', () => {
    const x = randomTensor([16, 4], 3);
    const y = Tensor.from(Array.from({ length: 16 }, (_, i) => i % 3), undefined, 'float64');
    const make = () => [linear(4, 8, 1), new ReLU(), linear(8, 3, 2)] as const;
    const [l1, act, l2] = make();
    const sequential = new Sequential([l1, act, l2]);
    const [m1, mAct, m2] = make();
    const input = Input([4]);
    const graph = new Model({ inputs: input, outputs: m2.apply(mAct.apply(m1.apply(input))) });
    const options = { loss: new CrossEntropyLoss(), epochs: 3, batchSize: 5, seed: 4, metrics: ['accuracy'] as const };
    const h1 = sequential.fit(x, y, { ...options, optimizer: new SGD({ lr: 0.1, momentum: 0.9 }) });
    const h2 = graph.fit(x, y, { ...options, optimizer: new SGD({ lr: 0.1, momentum: 0.9 }) });
    expect(h2).toEqual(h1);
    graph.paramGrads().forEach((p, i) => expect(Array.from(p.value.data)).toEqual(Array.from(sequential.paramGrads()[i]!.value.data)));
    expect(graph.paramGrads().map((p) => p.name)).toEqual(['linear_1.weight', 'linear_1.bias', 'linear_2.weight', 'linear_2.bias']);
  });

  it('sums the gradients of a tensor read by several nodes', () => {
    const x = Input([3], { name: 'x' });
    const h = new Tanh().apply(x);
    const model = new Model({ inputs: x, outputs: new Add().apply([h, h, new ReLU().apply(h)]) });
    const input = randomTensor([2, 3]);
    model.forward(input);
    const grad = model.backward(Tensor.ones([2, 3], 'float64'));
    const expected = Array.from(input.data, (v) => (2 + (Math.tanh(v) > 0 ? 1 : 0)) * (1 - Math.tanh(v) ** 2));
    expectClose(grad, new Tensor(Float64Array.from(expected), [2, 3]), 1e-12);
    expect(gradCheck(model, input).maxRelError).toBeLessThan(1e-6);
  });

  it('returns the structure it was given: a tensor for a single output, an array for an array', () => {
    const x = Input([3]);
    const single = new Model({ inputs: x, outputs: new Tanh().apply(x) });
    expect(single.forward(randomTensor([2, 3]))).toBeInstanceOf(Tensor);
    const listed = new Model({ inputs: [x], outputs: [new Tanh().apply(x)] });
    expect(Array.isArray(listed.forward([randomTensor([2, 3])]))).toBe(true);
    expect(Array.isArray(listed.backward([Tensor.ones([2, 3], 'float64')]))).toBe(true);
  });

  it('summary lists every node with its shape, parameters and inputs', () => {
    const text = twoByTwo().summary();
    expect(text).toContain('Connected to');
    expect(text).toMatch(/ha \(Linear\)\s+\[batch, 2\]\s+8\s+a/);
    expect(text).toMatch(/add_1 \(Add\)\s+\[batch, 2\]\s+0\s+ha, hb/);
    expect(text).toMatch(/out2 \(Concatenate\)\s+\[batch, 4\]\s+0\s+ha, b/);
    expect(text).toContain('Outputs: out1, out2');
    expect(text).toContain('Total params: 17');
  });

  it('train()/eval() reach every layer', () => {
    const x = Input([2]);
    const bn = new BatchNorm1D(2);
    const model = new Model({ inputs: x, outputs: bn.apply(x) });
    model.eval();
    expect(bn.training).toBe(false);
    model.train();
    expect(bn.training).toBe(true);
  });

  it('names the node and its layer in errors, and the inputs it expects', () => {
    const model = twoByTwo();
    expect(() => model.forward([a])).toThrow(ShapeError);
    expect(() => model.forward([a])).toThrow('two: expected 2 input tensor(s) ("a", "b"), got 1');
    expect(() => model.forward([a, randomTensor([5, 3])])).toThrow('two: inputs[1] ("b"): expected shape [batch, 2], got [5, 3]');
    expect(() => model.forward([a, randomTensor([4, 2])])).toThrow('two: inputs[1] ("b"): expected 5 rows like inputs[0], got 4');
    const x = Input([3], { name: 'x' });
    const broken = linear(3, 2, 1);
    const graph = new Model({ inputs: x, outputs: broken.apply(x, { name: 'dense' }) });
    broken.weight.value.data = new Float64Array(2); // corrupt the layer after the graph was built
    (broken as unknown as { inputSize: number }).inputSize = 4;
    expect(() => graph.forward(randomTensor([2, 3]))).toThrow('node "dense" (Linear): Linear: expected input of shape [batch, 4], got [2, 3]');
    expect(() => new Linear(4, 2).apply(x)).toThrow('Linear.apply(x [batch, 3]): Linear: expected input of shape [batch, 4], got [1, 3]');
    expect(() => new Linear(3, 2).apply([x, x])).toThrow('expected 1 input, got 2; combine several with a merge layer');
    const other = Input([3], { name: 'other' });
    expect(() => new Model({ inputs: x, outputs: new Add().apply([x, other]) })).toThrow(ConfigError);
    expect(() => new Model({ inputs: x, outputs: new Add().apply([x, other]) })).toThrow(
      'Model: an output depends on the input other [batch, 3] that is not in inputs; add it to inputs',
    );
    expect(() => new Model({ inputs: [x, x], outputs: x })).toThrow('Model: inputs[1]: the same Input appears twice');
    const t1 = new Tanh().apply(x, { name: 'same' });
    expect(() => new Model({ inputs: x, outputs: new Tanh().apply(t1, { name: 'same' }) })).toThrow('Model: two nodes are named "same"');
    expect(() => Input([0])).toThrow('Input: shape: expected positive integers');
  });
});
