import * as math from 'mathjs';
import { DataError, ShapeError } from '../../src/errors';
import { Linear } from '../../src/layers/Linear';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { gradCheck } from '../../src/model/gradCheck';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

/** −log softmax(row)[label], computed with mathjs directly (no max subtraction). */
function oracle(logits: number[][], labels: number[]): number {
  let total = 0;
  logits.forEach((row, r) => {
    const logSum = math.log(math.sum(row.map((v) => math.exp(v)))) as number;
    total += logSum - (row[labels[r] as number] as number);
  });
  return total / logits.length;
}

describe('CrossEntropyLoss', () => {
  const logits = [[1, 2, 0.5], [-1, 0, 3], [0.2, 0.1, -0.3], [2, 2, 2]];
  const labels = [1, 2, 0, 1];

  it('matches −mean log softmax[label] from mathjs, with labels as a [batch] tensor', () => {
    const loss = new CrossEntropyLoss();
    expect(loss.forward(Tensor.from(logits, undefined, 'float64'), Tensor.from(labels))).toBeCloseTo(oracle(logits, labels), 12);
  });

  it('has backward (softmax − onehot)/batch', () => {
    const loss = new CrossEntropyLoss();
    loss.forward(Tensor.from(logits, undefined, 'float64'), Tensor.from(labels));
    const expected = logits.map((row, r) => {
      const exps = row.map(Math.exp);
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e, c) => (e / total - (c === labels[r] ? 1 : 0)) / logits.length);
    });
    expectClose(loss.backward(), expected, 1e-12);
  });

  it('gives the same loss and gradient for one-hot targets as for labels', () => {
    const x = Tensor.from(logits, undefined, 'float64');
    const oneHot = Tensor.from(labels.map((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))));
    const withLabels = new CrossEntropyLoss();
    const withOneHot = new CrossEntropyLoss();
    expect(withOneHot.forward(x, oneHot)).toBeCloseTo(withLabels.forward(x, Tensor.from(labels)), 12);
    expectClose(withOneHot.backward(), withLabels.backward(), 1e-12);
  });

  it('is stable for huge logits', () => {
    const loss = new CrossEntropyLoss();
    // softmax([1000, 0]) is [1, e^−1000]: the loss for label 1 is 1000, for label 0 it is ~0.
    expect(loss.forward(Tensor.from([[1000, 0], [1000, 0]]), Tensor.from([1, 0]))).toBeCloseTo(500, 3);
    expect(Array.from(loss.backward().data).every(Number.isFinite)).toBe(true);
  });

  it('passes the float64 central-difference check with labels and with probability targets', () => {
    expectLossGradientCorrect(new CrossEntropyLoss(), randomTensor([4, 5], 1, -2, 2), Tensor.from([0, 4, 2, 2]));
    const probs = randomTensor([3, 4], 2, 0.1, 1);
    for (let r = 0; r < 3; r++) {
      const row = probs.data.subarray(r * 4, r * 4 + 4);
      const total = Array.from(row).reduce((a, b) => a + b, 0);
      row.forEach((v, i) => (row[i] = v / total));
    }
    expectLossGradientCorrect(new CrossEntropyLoss(), randomTensor([3, 4], 3, -2, 2), probs);
  });

  it('drives a Linear layer through the public gradCheck with integer labels', () => {
    const linear = new Linear(3, 4, { rng: createRng(3), dtype: 'float64' });
    const result = gradCheck(linear, randomTensor([5, 3], 4), { loss: new CrossEntropyLoss(), target: Tensor.from([0, 3, 1, 2, 3]) });
    expect(result.maxRelError).toBeLessThan(1e-6);
    expect(Object.keys(result.errors)).toEqual(['input', 'weight', 'bias']);
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new CrossEntropyLoss(), randomTensor([2, 3], 5), Tensor.from([2, 0]));
  });

  it('names the loss, the index and the value of a bad label', () => {
    const x = Tensor.zeros([5, 10]);
    expect(() => new CrossEntropyLoss().forward(x, Tensor.from([0, 1, 2, 12, 3]))).toThrow(DataError);
    expect(() => new CrossEntropyLoss().forward(x, Tensor.from([0, 1, 2, 12, 3]))).toThrow(
      'CrossEntropyLoss: expected labels in 0..9, got 12 at index 3',
    );
    expect(() => new CrossEntropyLoss().forward(x, Tensor.from([0, 1.5, 2, 1, 3]))).toThrow(
      'CrossEntropyLoss: expected labels in 0..9, got 1.5 at index 1',
    );
    expect(() => new CrossEntropyLoss().forward(x, Tensor.from([0, 1, -1, 1, 3]))).toThrow('got -1 at index 2');
  });

  it('names the shapes on a bad target or bad logits', () => {
    expect(() => new CrossEntropyLoss().forward(Tensor.zeros([5, 10]), Tensor.zeros([4]))).toThrow(ShapeError);
    expect(() => new CrossEntropyLoss().forward(Tensor.zeros([5, 10]), Tensor.zeros([4]))).toThrow(
      'CrossEntropyLoss: expected target of shape [5] (class labels) or [5, 10] (class probabilities), got [4]',
    );
    expect(() => new CrossEntropyLoss().forward(Tensor.zeros([5]), Tensor.zeros([5]))).toThrow(
      'CrossEntropyLoss: expected logits of shape [batch, classes], got [5]',
    );
    expect(() => new CrossEntropyLoss().backward()).toThrow('CrossEntropyLoss.backward: called before forward');
  });
});

describe('CrossEntropyLoss over sequences, with ignoreIndex', () => {
  /** PyTorch's F.cross_entropy(x.reshape(-1, C), y.reshape(-1), ignore_index=…) written out in float64. */
  function oracle(x: number[][][], y: number[][], ignore: number): number {
    let total = 0;
    let counted = 0;
    x.forEach((sequence, b) =>
      sequence.forEach((row, t) => {
        const label = (y[b] as number[])[t] as number;
        if (label === ignore) return;
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        total += lse - (row[label] as number);
        counted++;
      }),
    );
    return total / counted;
  }
  const x = randomTensor([2, 3, 4], 11, -2, 2);
  const labels = [[1, 3, -100], [0, -100, 2]];
  const y = Tensor.from(labels, undefined, 'float64');

  it('averages over the positions that are not ignored, as PyTorch does', () => {
    const loss = new CrossEntropyLoss({ ignoreIndex: -100 });
    expect(loss.forward(x, y)).toBeCloseTo(oracle(x.toArray() as number[][][], labels, -100), 12);
    const grad = loss.backward();
    // Ignored positions get no gradient.
    expect(Array.from(grad.data.slice(8, 12))).toEqual([0, 0, 0, 0]);
    expect(Array.from(grad.data.slice(16, 20))).toEqual([0, 0, 0, 0]);
    expectLossGradientCorrect(loss, x, y);
  });

  it('without ignoreIndex averages over every position (= the 2-D loss on [batch·time, classes])', () => {
    const all = Tensor.from([[1, 3, 0], [0, 1, 2]], undefined, 'float64');
    const flat = new CrossEntropyLoss().forward(x.reshape([6, 4]), all.reshape([6]));
    expect(new CrossEntropyLoss().forward(x, all)).toBeCloseTo(flat, 14);
    expectLossGradientCorrect(new CrossEntropyLoss(), x, all);
    const probs = Tensor.from(Array.from({ length: 24 }, (_, i) => ((i % 4) === 1 ? 1 : 0)), [2, 3, 4], 'float64');
    expect(new CrossEntropyLoss().forward(x, probs)).toBeCloseTo(
      new CrossEntropyLoss().forward(x.reshape([6, 4]), Tensor.from([1, 1, 1, 1, 1, 1])),
      14,
    );
  });

  it('is 0 with a zero gradient when every position is ignored', () => {
    const loss = new CrossEntropyLoss({ ignoreIndex: 0 });
    expect(loss.forward(x, Tensor.zeros([2, 3]))).toBe(0);
    expect(Array.from(loss.backward().data).every((v) => v === 0)).toBe(true);
  });

  it('round-trips ignoreIndex through its config and names bad labels and shapes', () => {
    expectLossConfigRoundTrip(new CrossEntropyLoss({ ignoreIndex: -100 }), x, y);
    expect(() => new CrossEntropyLoss({ ignoreIndex: 0.5 })).toThrow(
      'CrossEntropyLoss: expected ignoreIndex to be an integer, got 0.5',
    );
    expect(() => new CrossEntropyLoss({ ignoreIndex: -100 }).forward(x, Tensor.from([[1, 3, -1], [0, 0, 2]]))).toThrow(
      'CrossEntropyLoss: expected labels in 0..3 (or ignoreIndex -100), got -1 at index 2',
    );
    expect(() => new CrossEntropyLoss().forward(x, Tensor.zeros([2, 4]))).toThrow(
      'CrossEntropyLoss: expected target of shape [2, 3] (class labels) or [2, 3, 4] (class probabilities), got [2, 4]',
    );
  });
});
