import { Residual } from '../../src/containers/Residual';
import { Input } from '../../src/graph/Input';
import { Model } from '../../src/graph/Model';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
import { Dropout } from '../../src/layers/Dropout';
import { Linear } from '../../src/layers/Linear';
import { Subtract } from '../../src/layers/merge/Subtract';
import { Tanh } from '../../src/layers/Tanh';
import { MSELoss } from '../../src/losses/MSELoss';
import { gradCheck } from '../../src/model/gradCheck';
import { Sequential } from '../../src/model/Sequential';
import { SGD } from '../../src/optim/SGD';
import { Adam } from '../../src/optim/Adam';
import { clipGradNorm } from '../../src/optim/clipGradNorm';
import { distinctParams } from '../../src/tensor/Param';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';

const linear = (n: number, m: number, seed: number) => new Linear(n, m, { rng: createRng(seed), dtype: 'float64' });

/** Aᵀ·G for A: [n, i], G: [n, o], in plain loops. */
function transposeTimes(a: Tensor, g: Tensor): number[][] {
  const [n, i] = a.shape as [number, number];
  const o = g.shape[1] as number;
  return Array.from({ length: i }, (_, r) => Array.from({ length: o }, (_, c) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a.get(k, r) * g.get(k, c);
    return s;
  }));
}

describe('a layer used twice shares its parameters', () => {
  it('siamese graph: dW = aᵀ·g − bᵀ·g for y = L(a) − L(b), one parameter set', () => {
    const shared = linear(3, 2, 1);
    const a = Input([3], { name: 'a' });
    const b = Input([3], { name: 'b' });
    const model = new Model({ inputs: [a, b], outputs: new Subtract().apply([shared.apply(a, { name: 'encoder' }), shared.apply(b)]) });
    expect(model.paramGrads().map((p) => p.name)).toEqual(['encoder.weight', 'encoder.bias']);
    expect(model.layers).toHaveLength(2);
    const xa = randomTensor([4, 3], 1);
    const xb = randomTensor([4, 3], 2);
    const g = randomTensor([4, 2], 3);
    model.forward([xa, xb]);
    model.backward(g);
    const ga = transposeTimes(xa, g);
    const gb = transposeTimes(xb, g);
    expectClose(shared.weight.grad, ga.map((row, r) => row.map((v, c) => v - gb[r]![c]!)), 1e-12);
    expectClose(shared.bias!.grad, [0, 0], 1e-12); // the biases cancel in L(a) − L(b)
    expect(gradCheck(model, [xa, xb]).maxRelError).toBeLessThan(1e-6);
    expect(model.summary()).toMatch(/linear_1 \(Linear\)\s+\[batch, 2\]\s+shared with encoder\s+b/);
  });

  it('Sequential [L, tanh, L]: each use backpropagates through its own input', () => {
    const shared = linear(3, 3, 1);
    const model = new Sequential([shared, new Tanh(), shared]);
    const x = randomTensor([4, 3]);
    expect(model.paramGrads().map((p) => p.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const result = gradCheck(model, x);
    expect(result.maxRelError).toBeLessThan(1e-6);
    // dW = xᵀ·(g·Wᵀ ⊙ tanh′) + tanh(xW + b)ᵀ·g, the sum of both uses.
    const g = randomTensor([4, 3], 5);
    model.zeroGrad();
    model.forward(x);
    model.backward(g);
    const h = new Tanh().forward(new Linear(3, 3, { rng: createRng(1), dtype: 'float64' }).forward(x));
    const w = shared.weight.value;
    const dh = Tensor.from(Array.from({ length: 4 }, (_, r) => [0, 1, 2].map((i) =>
      [0, 1, 2].reduce((s, j) => s + g.get(r, j) * w.get(i, j), 0) * (1 - h.get(r, i) ** 2))), undefined, 'float64');
    const first = transposeTimes(x, dh);
    const second = transposeTimes(h, g);
    expectClose(shared.weight.grad, first.map((row, r) => row.map((v, c) => v + second[r]![c]!)), 1e-12);
  });

  it('shared inside and outside a container, and as block and shortcut', () => {
    const shared = linear(3, 3, 1);
    expect(gradCheck(new Sequential([shared, new Residual(new Sequential([new Tanh(), shared]))]), randomTensor([2, 3])).maxRelError).toBeLessThan(1e-6);
    const both = linear(3, 3, 2);
    expect(gradCheck(new Residual(new Sequential([both, new Tanh()]), { shortcut: both }), randomTensor([2, 3])).maxRelError).toBeLessThan(1e-6);
  });

  it('a shared Dropout replays its own mask; a shared BatchNorm updates its statistics once per use', () => {
    const dropout = new Dropout(0.3);
    const model = new Sequential([linear(3, 3, 1), dropout, new Tanh(), dropout]);
    expect(gradCheck(model, randomTensor([4, 3])).maxRelError).toBeLessThan(1e-6);

    const bn = new BatchNorm1D(3, { momentum: 0.5 });
    const twice = new Sequential([bn, new Tanh(), bn]);
    const reference = new BatchNorm1D(3, { momentum: 0.5 });
    const x = randomTensor([5, 3]);
    twice.forward(x);
    twice.backward(randomTensor([5, 3], 2));
    reference.forward(new Tanh().forward(reference.forward(x)));
    bn.buffers().forEach((buffer, i) => expectClose(buffer.value, reference.buffers()[i]!.value, 1e-12));
  });

  it('fit trains a model with a shared layer (no buffer reuse), reducing the loss', () => {
    const shared = new Linear(2, 2, { rng: createRng(3) });
    const a = Input([2]);
    const b = Input([2]);
    const model = new Model({ inputs: [a, b], outputs: new Subtract().apply([shared.apply(a), shared.apply(b)]) });
    const xa = Tensor.uniform([32, 2], -1, 1, createRng(1));
    const xb = Tensor.uniform([32, 2], -1, 1, createRng(2));
    const target = new Tensor(xa.data.map((v, i) => 2 * (v - (xb.data[i] as number))), [32, 2]);
    const history = model.fit([xa, xb], target, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.3 }), epochs: 60, seed: 1 });
    expect(history.loss[59]!).toBeLessThan(history.loss[0]! / 100);
    expectClose(shared.weight.value, [[2, 0], [0, 2]], 0.05);
  });

  it('an optimizer steps a shared parameter once, with the sum of its uses\' gradients; clipGradNorm counts it once', () => {
    const l = linear(3, 3, 4);
    const model = new Sequential([l, new Tanh(), new Residual(new Sequential([l, new Tanh()])), l]);
    // Listed at each use, as PyTorch's state_dict; stepped once, as PyTorch's parameters().
    expect(model.paramGrads().map((p) => p.name)).toEqual(['0.weight', '0.bias', '2.block.0.weight', '2.block.0.bias', '3.weight', '3.bias']);
    expect(distinctParams(model.paramGrads()).map((p) => p.name)).toEqual(['0.weight', '0.bias']);
    expect(distinctParams(model.paramGrads())).toBe(distinctParams(model.paramGrads())); // cached: nothing allocated per step
    const x = randomTensor([4, 3]);
    const step = (optimizer: SGD | Adam): void => {
      model.zeroGrad();
      model.forward(x);
      model.backward(randomTensor([4, 3], 5));
      const before = Array.from(l.weight.value.data);
      const grad = Array.from(l.weight.grad.data);
      optimizer.step(model.paramGrads());
      // SGD: w − lr·g; Adam's first step: w − lr·g/(|g| + ε) ≈ w − lr·sign(g).
      const expected = optimizer instanceof SGD ? before.map((w, i) => w - 0.1 * (grad[i] as number)) : before.map((w, i) => w - 0.1 * Math.sign(grad[i] as number));
      expectClose(l.weight.value, Tensor.from(expected, [3, 3], 'float64'), optimizer instanceof SGD ? 1e-15 : 1e-6);
    };
    step(new SGD({ lr: 0.1 }));
    step(new Adam({ lr: 0.1 }));
    const g = Math.sqrt(distinctParams(model.paramGrads()).reduce((s, p) => s + Array.from(p.grad.data).reduce((t, v) => t + v * v, 0), 0));
    expect(clipGradNorm(model.paramGrads(), 1e9)).toBeCloseTo(g, 12);
  });
});
