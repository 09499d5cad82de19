import { ConfigError, ShapeError } from '../../src/errors';
import { GRU } from '../../src/layers/GRU';
import { enterBufferReuse, exitBufferReuse } from '../../src/tensor/reuse';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
type Matrix = number[][];

/**
 * PyTorch's nn.GRU (resetAfter = true) and Keras's GRU(reset_after=False) written out in plain
 * float64 loops, batch-first, zero h0, gate blocks r, z, n of W: [in, 3H], U: [H, 3H].
 */
function gruOracle(x: number[][][], w: Matrix, u: Matrix, b: number[], bh: number[] | undefined, hidden: number): number[][][] {
  const times = (v: number[], m: Matrix, col: number) => v.reduce((s, vk, k) => s + vk * (m[k] as number[])[col]!, 0);
  return x.map((sequence) => {
    let h = new Array<number>(hidden).fill(0);
    return sequence.map((xt) => {
      const next = h.map((hj, j) => {
        const xg = (g: number) => times(xt, w, g * hidden + j) + b[g * hidden + j]!;
        if (bh) {
          const hg = (g: number) => times(h, u, g * hidden + j) + bh[g * hidden + j]!;
          const r = sigmoid(xg(0) + hg(0));
          const z = sigmoid(xg(1) + hg(1));
          const n = Math.tanh(xg(2) + r * hg(2));
          return (1 - z) * n + z * hj;
        }
        const z = sigmoid(xg(1) + times(h, u, hidden + j));
        const rh = h.map((hk, k) => sigmoid(xg2(xt, w, b, k, hidden) + times(h, u, k)) * hk);
        const n = Math.tanh(xg(2) + times(rh, u, 2 * hidden + j));
        return (1 - z) * n + z * hj;
      });
      h = next;
      return h;
    });
  });
}
/** x·W_r + b_r for unit k (the reset gate's input part). */
function xg2(xt: number[], w: Matrix, b: number[], k: number, _hidden: number): number {
  return xt.reduce((s, v, i) => s + v * (w[i] as number[])[k]!, 0) + b[k]!;
}

describe.each([true, false])('GRU (resetAfter = %s)', (resetAfter) => {
  const make = (returnSequences = false) =>
    new GRU(3, 4, { returnSequences, resetAfter, rng: createRng(5), dtype: 'float64' });
  const oracleOf = (gru: GRU, x: Tensor) =>
    gruOracle(
      x.toArray() as number[][][], gru.kernel.value.toArray() as Matrix, gru.recurrentKernel.value.toArray() as Matrix,
      gru.bias.value.toArray() as number[], gru.recurrentBias?.value.toArray() as number[] | undefined, gru.hiddenSize,
    );

  it('computes the GRU formulas (all steps, and the last step)', () => {
    const gru = make(true);
    const x = randomTensor([2, 5, 3], 3);
    const expected = oracleOf(gru, x);
    expectClose(gru.forward(x), expected, 1e-12);
    expectClose(make(false).forward(x), expected.map((s) => s[4] as number[]), 1e-12);
    expect(gru.paramGrads().map((p) => [p.name, p.value.shape])).toEqual([
      ['kernel', [3, 12]], ['recurrentKernel', [4, 12]], ['bias', [12]], ...(resetAfter ? [['recurrentBias', [12]]] : []),
    ]);
  });

  it('runs in float32 on the current backend, also with buffers reused (as inside fit)', () => {
    const gru = new GRU(5, 16, { returnSequences: true, resetAfter, rng: createRng(2) });
    const x = randomTensor([8, 6, 5], 9).astype('float32');
    const expected = oracleOf(gru, x);
    enterBufferReuse();
    try {
      gru.forward(x);
      gru.backward(Tensor.ones([8, 6, 16]));
      expectClose(gru.forward(x), expected, 1e-5);
    } finally {
      exitBufferReuse();
    }
  });

  it('has correct gradients for the input and every parameter (float64 central differences)', () => {
    expectGradientsCorrect(make(true), randomTensor([2, 4, 3], 4));
    expectGradientsCorrect(make(false), randomTensor([3, 3, 3], 5));
    expectGradientsCorrect(make(false), randomTensor([2, 1, 3], 6));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new GRU(3, 4, { resetAfter }));
    expectConfigRoundTrip(new GRU(3, 4, { returnSequences: true, resetAfter }));
  });
});

describe('GRU errors', () => {
  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new GRU(3, 4).forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => new GRU(3, 4).forward(Tensor.zeros([2, 5, 2]))).toThrow('GRU: expected input of shape [batch, time, 3] (time ≥ 1), got [2, 5, 2]');
    expect(() => new GRU(3, 4).backward(Tensor.zeros([2, 4]))).toThrow('GRU.backward: called before forward');
    expect(() => new GRU(3, 4, { resetAfter: 'yes' as unknown as boolean })).toThrow(ConfigError);
  });
});
