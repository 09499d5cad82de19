import { CrossEntropyLoss, Module, Softmax, Tensor, Var, gradCheck } from '../../src';
import { expectClose, randomTensor } from '../helpers/layerChecks';

/* The README's Autograd section: each example against the hand-written kernel it replaces. */

describe("the backprop chapter's example 4: cross-entropy through softmax on one object", () => {
  // z: logits of one object, y: its one-hot class. L = −Σ_k y_k log softmax(z)_k; by hand dL/dz = p − y.
  const z = Tensor.from([[2.0, -1.0, 0.5, 0.1]], undefined, 'float64');
  const y = Tensor.from([[0, 0, 1, 0]], undefined, 'float64');

  test('Var ops give p − y, the hand-written CrossEntropyLoss and Softmax backward give the same', () => {
    // README begin: softmax example
    const logits = new Var(z, { requiresGrad: true }); // z: [1, K], y: one-hot [1, K]
    const loss = logits.softmax(-1).log().mul(y).sum().neg();
    loss.backward();
    // logits.grad = softmax(z) − y
    // README end
    const exps = Array.from(z.data, Math.exp);
    const total = exps.reduce((s, e) => s + e, 0);
    const p = exps.map((e) => e / total);
    expect(loss.item()).toBeCloseTo(-Math.log(p[2]!), 14);
    expectClose(logits.grad!, [p.map((pk, k) => pk - (y.data[k] as number))], 1e-14);

    const crossEntropy = new CrossEntropyLoss();
    expect(crossEntropy.forward(z, Tensor.from([2]))).toBeCloseTo(loss.item(), 14);
    expectClose(logits.grad!, crossEntropy.backward(), 1e-14);

    // The chain by hand through the Softmax layer: dL/dp = −y/p, then softmax's backward.
    const softmax = new Softmax();
    const probs = softmax.forward(z);
    const dLdp = Tensor.from(Array.from(y.data, (yk, k) => -yk / (probs.data[k] as number)), [1, 4], 'float64');
    expectClose(logits.grad!, softmax.backward(dLdp), 1e-14);
  });
});

// README begin: RMSNorm
/** RMSNorm (Zhang & Sennrich 2019): y = x / √(mean(x²) + ε) ⊙ w over the last axis. */
class RMSNorm extends Module {
  weight: Var;
  constructor(readonly features: number, readonly eps = 1e-6) {
    super({ features, eps });
    this.weight = this.param('weight', Tensor.ones([features]));
  }
  call(x: Var): Var {
    return x.div(x.pow(2).mean(-1, true).add(this.eps).sqrt()).mul(this.weight);
  }
}
// README end

describe('RMSNorm written as a Module', () => {
  const x = randomTensor([3, 5], 1);
  const w = randomTensor([5], 2, 0.5, 1.5);
  const g = randomTensor([3, 5], 3);
  const eps = 1e-6;
  const rows = x.toArray() as number[][];
  const rms = rows.map((row) => Math.sqrt(row.reduce((s, v) => s + v * v, 0) / row.length + eps));

  const norm = (): RMSNorm => {
    const layer = new RMSNorm(5);
    layer.paramGrads()[0]!.value.data = Float64Array.from(w.data);
    layer.paramGrads()[0]!.grad.data = new Float64Array(5);
    return layer;
  };

  test('forward equals the explicit formula', () => {
    const expected = rows.map((row, r) => row.map((v, c) => (v / rms[r]!) * (w.data[c] as number)));
    expectClose(norm().forward(x), expected, 1e-14);
    expect(norm().toConfig()).toEqual({ type: 'RMSNorm', features: 5, eps: 1e-6 });
  });

  test('backward equals the hand-derived gradient and passes the float64 gradient check', () => {
    // With u = w ⊙ g and r the row's RMS: dx = u/r − x·Σ(u ⊙ x)/(n·r³);  dw = Σ_rows g ⊙ x/r.
    const n = 5;
    const dx = rows.map((row, r) => {
      const u = row.map((_, c) => (w.data[c] as number) * (g.get(r, c) as number));
      const dot = u.reduce((s, uc, c) => s + uc * (row[c] as number), 0);
      return row.map((v, c) => (u[c] as number) / rms[r]! - (v * dot) / (n * rms[r]! ** 3));
    });
    const dw = [0, 1, 2, 3, 4].map((c) => rows.reduce((s, row, r) => s + g.get(r, c) * ((row[c] as number) / rms[r]!), 0));
    const layer = norm();
    layer.forward(x);
    expectClose(layer.backward(g), dx, 1e-12);
    expectClose(layer.paramGrads()[0]!.grad, dw, 1e-12);
    expect(gradCheck(norm(), x).maxRelError).toBeLessThan(1e-6);
  });
});

describe('the README shows the code tested here', () => {
  test('the softmax example and the RMSNorm class appear in the README as written in this file', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const { join } = require('node:path') as typeof import('node:path');
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const self = readFileSync(__filename, 'utf8');
    const blocks = [...self.matchAll(/\/\/ README begin: [^\n]*\n([\s\S]*?)\/\/ README end/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2); // each block is checked below
    const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
    for (const block of blocks) {
      const code = block.split('\n').map((line) => line.replace(/^\s*\/\/ ?/, '// ')).join('\n');
      if (!squash(readme).includes(squash(code))) throw new Error(`README.md does not show this code as written:\n${code}`);
    }
  });
});
