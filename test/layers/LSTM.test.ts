import { ConfigError, ShapeError } from '../../src/errors';
import { LSTM } from '../../src/layers/LSTM';
import { enterBufferReuse, exitBufferReuse } from '../../src/tensor/reuse';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * PyTorch's nn.LSTM written out in plain float64 loops (batch_first, zero h0/c0), with
 * weight_ih = Wᵀ, weight_hh = Uᵀ and b = b_ih + b_hh, gate order i, f, g, o.
 */
function lstmOracle(x: number[][][], w: number[][], u: number[][], b: number[], hidden: number): number[][][] {
  return x.map((sequence) => {
    let h = new Array<number>(hidden).fill(0);
    let c = new Array<number>(hidden).fill(0);
    return sequence.map((xt) => {
      const a = b.map((bias, j) => bias + xt.reduce((s, v, k) => s + v * w[k]![j]!, 0) + h.reduce((s, v, k) => s + v * u[k]![j]!, 0));
      const gate = (k: number, j: number) => a[k * hidden + j]!;
      c = c.map((cj, j) => sigmoid(gate(1, j)) * cj + sigmoid(gate(0, j)) * Math.tanh(gate(2, j)));
      h = c.map((cj, j) => sigmoid(gate(3, j)) * Math.tanh(cj));
      return h;
    });
  });
}

describe('LSTM', () => {
  const make = (returnSequences = false) => new LSTM(3, 4, { returnSequences, rng: createRng(5), dtype: 'float64' });

  it('computes PyTorch’s LSTM (all steps, and the last step)', () => {
    const lstm = make(true);
    const x = randomTensor([2, 5, 3], 3);
    const expected = lstmOracle(
      x.toArray() as number[][][], lstm.kernel.value.toArray() as number[][],
      lstm.recurrentKernel.value.toArray() as number[][], lstm.bias.value.toArray() as number[], 4,
    );
    expectClose(lstm.forward(x), expected, 1e-12);
    const last = make(false);
    expectClose(last.forward(x), expected.map((s) => s[4] as number[]), 1e-12);
    expect(last.outputShape([7, 5, 3])).toEqual([7, 4]);
    expect(lstm.outputShape([7, 5, 3])).toEqual([7, 5, 4]);
  });

  it('runs in float32 on the current backend, also with buffers reused (as inside fit)', () => {
    const lstm = new LSTM(5, 16, { returnSequences: true, rng: createRng(2) });
    const x = randomTensor([8, 6, 5], 9).astype('float32');
    const expected = lstmOracle(
      x.toArray() as number[][][], lstm.kernel.value.toArray() as number[][],
      lstm.recurrentKernel.value.toArray() as number[][], lstm.bias.value.toArray() as number[], 16,
    );
    enterBufferReuse();
    try {
      lstm.forward(x);
      lstm.backward(Tensor.ones([8, 6, 16]));
      expectClose(lstm.forward(x), expected, 1e-5);
    } finally {
      exitBufferReuse();
    }
  });

  it('has correct gradients for input, kernel, recurrentKernel and bias (float64 central differences)', () => {
    expectGradientsCorrect(make(true), randomTensor([2, 4, 3], 4));
    expectGradientsCorrect(make(false), randomTensor([3, 3, 3], 5));
    expectGradientsCorrect(make(false), randomTensor([2, 1, 3], 6));
  });

  it('gives the same gradients from backwardParams as from backward', () => {
    const a = make(true);
    const b = make(true);
    const x = randomTensor([2, 3, 3], 7);
    const g = randomTensor([2, 3, 4], 8);
    a.forward(x);
    a.backward(g);
    b.forward(x);
    b.backwardParams(g);
    a.paramGrads().forEach((p, i) => expectClose(p.grad, b.paramGrads()[i]!.grad, 0));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new LSTM(3, 4));
    expectConfigRoundTrip(new LSTM(3, 4, { returnSequences: true }));
  });

  it('names the shapes on a bad input and refuses bad sizes', () => {
    expect(() => make().forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => make().forward(Tensor.zeros([2, 5, 2]))).toThrow('LSTM: expected input of shape [batch, time, 3] (time ≥ 1), got [2, 5, 2]');
    expect(() => make().backward(Tensor.zeros([2, 4]))).toThrow('LSTM.backward: called before forward');
    const lstm = make();
    lstm.forward(Tensor.zeros([2, 5, 3], 'float64'));
    expect(() => lstm.backward(Tensor.zeros([2, 5, 4]))).toThrow('LSTM.backward: expected gradOut of shape [2, 4], got [2, 5, 4]');
    expect(() => new LSTM(3, 0)).toThrow(ConfigError);
    expect(() => new LSTM(3, 0)).toThrow('LSTM: expected hiddenSize to be a positive integer, got 0');
  });

  it('initialises every parameter from U(±1/√hidden), seeded', () => {
    const lstm = new LSTM(8, 16, { rng: createRng(1) });
    const values = lstm.paramGrads().flatMap((p) => Array.from(p.value.data));
    expect(Math.max(...values)).toBeLessThanOrEqual(0.25);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-0.25);
    expect(Math.max(...values)).toBeGreaterThan(0.24);
    expect(Array.from(new LSTM(8, 16, { rng: createRng(1) }).kernel.value.data)).toEqual(Array.from(lstm.kernel.value.data));
  });
});
