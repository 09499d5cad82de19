import { ConfigError, ShapeError } from '../../src/errors';
import { SimpleRNN } from '../../src/layers/SimpleRNN';
import { enterBufferReuse, exitBufferReuse } from '../../src/tensor/reuse';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

type Matrix = number[][];

/** PyTorch's nn.RNN (batch_first, zero h0, b = b_ih + b_hh) in plain float64 loops. */
function rnnOracle(x: number[][][], w: Matrix, u: Matrix, b: number[], relu: boolean): number[][][] {
  const phi = relu ? (v: number) => Math.max(v, 0) : Math.tanh;
  return x.map((sequence) => {
    let h = new Array<number>(b.length).fill(0);
    return sequence.map((xt) => {
      h = b.map((bj, j) => phi(bj + xt.reduce((s, v, k) => s + v * w[k]![j]!, 0) + h.reduce((s, v, k) => s + v * u[k]![j]!, 0)));
      return h;
    });
  });
}

describe.each(['tanh', 'relu'] as const)('SimpleRNN (%s)', (activation) => {
  const make = (returnSequences = false) => new SimpleRNN(3, 4, { activation, returnSequences, rng: createRng(5), dtype: 'float64' });
  const oracleOf = (rnn: SimpleRNN, x: Tensor) =>
    rnnOracle(
      x.toArray() as number[][][], rnn.kernel.value.toArray() as Matrix, rnn.recurrentKernel.value.toArray() as Matrix,
      rnn.bias.value.toArray() as number[], activation === 'relu',
    );

  it('computes h_t = φ(x_t·W + h_{t−1}·U + b) (all steps, and the last step)', () => {
    const rnn = make(true);
    const x = randomTensor([2, 5, 3], 3);
    const expected = oracleOf(rnn, x);
    expectClose(rnn.forward(x), expected, 1e-12);
    expectClose(make(false).forward(x), expected.map((s) => s[4] as number[]), 1e-12);
  });

  it('runs in float32 with buffers reused (as inside fit)', () => {
    const rnn = new SimpleRNN(5, 16, { activation, returnSequences: true, rng: createRng(2) });
    const x = randomTensor([8, 6, 5], 9).astype('float32');
    enterBufferReuse();
    try {
      rnn.forward(x);
      rnn.backward(Tensor.ones([8, 6, 16]));
      expectClose(rnn.forward(x), oracleOf(rnn, x), 1e-5);
    } finally {
      exitBufferReuse();
    }
  });

  it('has correct gradients for the input and every parameter (float64 central differences)', () => {
    expectGradientsCorrect(make(true), randomTensor([2, 4, 3], 4));
    expectGradientsCorrect(make(false), randomTensor([3, 3, 3], 5));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new SimpleRNN(3, 4, { activation, returnSequences: true }));
  });
});

describe('SimpleRNN errors', () => {
  it('names the shapes and the bad activation', () => {
    expect(() => new SimpleRNN(3, 4).forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => new SimpleRNN(3, 4).forward(Tensor.zeros([2, 0, 3]))).toThrow(
      'SimpleRNN: expected input of shape [batch, time, 3] (time ≥ 1), got [2, 0, 3]',
    );
    expect(() => new SimpleRNN(3, 4, { activation: 'sigmoid' as 'tanh' })).toThrow(ConfigError);
  });
});
