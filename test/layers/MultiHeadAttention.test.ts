import { ConfigError, ShapeError } from '../../src/errors';
import { MultiHeadAttention } from '../../src/layers/MultiHeadAttention';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

type Matrix = number[][];

/**
 * PyTorch's nn.MultiheadAttention(E, h, batch_first=True)(x, x, x, attn_mask=causal) written out in
 * plain float64 loops, with in_proj_weight = [Wqᵀ; Wkᵀ; Wvᵀ] and out_proj.weight = Woᵀ.
 */
function attentionOracle(x: Matrix[], w: Record<'q' | 'k' | 'v' | 'o', Matrix>, b: Record<'q' | 'k' | 'v' | 'o', number[]>, heads: number, causal: boolean): Matrix[] {
  const project = (rows: Matrix, m: Matrix, bias: number[]) =>
    rows.map((row) => bias.map((bj, j) => bj + row.reduce((s, v, k) => s + v * m[k]![j]!, 0)));
  return x.map((sequence) => {
    const q = project(sequence, w.q, b.q);
    const k = project(sequence, w.k, b.k);
    const v = project(sequence, w.v, b.v);
    const e = b.q.length;
    const d = e / heads;
    const o = sequence.map(() => new Array<number>(e).fill(0));
    for (let h = 0; h < heads; h++) {
      const cols = Array.from({ length: d }, (_, c) => h * d + c);
      sequence.forEach((_, i) => {
        const scores = sequence.map((__, j) =>
          causal && j > i ? -Infinity : cols.reduce((s, c) => s + q[i]![c]! * k[j]![c]!, 0) / Math.sqrt(d),
        );
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((s, v2) => s + v2, 0);
        cols.forEach((c) => (o[i]![c] = exps.reduce((s, p, j) => s + (p / total) * v[j]![c]!, 0)));
      });
    }
    return project(o, w.o, b.o);
  });
}

describe.each([false, true])('MultiHeadAttention (causal = %s)', (causal) => {
  const make = (bias = true) => {
    const layer = new MultiHeadAttention(6, 2, { causal, bias, rng: createRng(8), dtype: 'float64' });
    const rng = createRng(9);
    for (const p of layer.paramGrads()) p.value.data.forEach((_, i) => (p.value.data[i] = rng.uniform(-0.8, 0.8)));
    return layer;
  };

  it('computes PyTorch’s multi-head attention', () => {
    for (const bias of [true, false]) {
      const layer = make(bias);
      const x = randomTensor([2, 4, 6], 3);
      const m = (p: { value: Tensor } | undefined) => (p ? (p.value.toArray() as number[]) : new Array<number>(6).fill(0));
      const expected = attentionOracle(
        x.toArray() as Matrix[],
        { q: layer.qWeight.value.toArray() as Matrix, k: layer.kWeight.value.toArray() as Matrix, v: layer.vWeight.value.toArray() as Matrix, o: layer.outWeight.value.toArray() as Matrix },
        { q: m(layer.qBias), k: m(layer.kBias), v: m(layer.vBias), o: m(layer.outBias) },
        2, causal,
      );
      expectClose(layer.forward(x), expected, 1e-12);
    }
  });

  it('has correct gradients for the input and all eight parameters (float64 central differences)', () => {
    expectGradientsCorrect(make(), randomTensor([2, 4, 6], 4));
    expectGradientsCorrect(make(false), randomTensor([1, 3, 6], 5));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new MultiHeadAttention(8, 4, { causal, bias: false }));
    expect(new MultiHeadAttention(8, 4).paramGrads().map((p) => p.name)).toEqual([
      'qWeight', 'kWeight', 'vWeight', 'outWeight', 'qBias', 'kBias', 'vBias', 'outBias',
    ]);
  });
});

describe('MultiHeadAttention errors', () => {
  it('names the shapes and a bad head count', () => {
    expect(() => new MultiHeadAttention(6, 2).forward(Tensor.zeros([2, 3, 4]))).toThrow(ShapeError);
    expect(() => new MultiHeadAttention(6, 2).forward(Tensor.zeros([2, 3, 4]))).toThrow(
      'MultiHeadAttention: expected input of shape [batch, time, 6] (time ≥ 1), got [2, 3, 4]',
    );
    expect(() => new MultiHeadAttention(6, 4)).toThrow(ConfigError);
    expect(() => new MultiHeadAttention(6, 4)).toThrow('MultiHeadAttention: expected embedDim to be divisible by numHeads = 4, got 6');
  });
});
