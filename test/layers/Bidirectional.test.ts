import { ConfigError, ShapeError } from '../../src/errors';
import { Bidirectional } from '../../src/layers/Bidirectional';
import { buildLayer } from '../../src/layers/buildLayer';
import { GRU } from '../../src/layers/GRU';
import { LSTM } from '../../src/layers/LSTM';
import { SimpleRNN } from '../../src/layers/SimpleRNN';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

type Matrix = number[][];

/** A tanh RNN over one direction (PyTorch's nn.RNN formulas, plain float64). */
function rnn(x: Matrix[], w: Matrix, u: Matrix, b: number[]): Matrix[] {
  return x.map((sequence) => {
    let h = b.map(() => 0);
    return sequence.map((xt) => {
      h = b.map((bj, j) => Math.tanh(bj + xt.reduce((s, v, k) => s + v * w[k]![j]!, 0) + h.reduce((s, v, k) => s + v * u[k]![j]!, 0)));
      return h;
    });
  });
}

describe('Bidirectional', () => {
  const make = (returnSequences: boolean, merge: 'concat' | 'sum' = 'concat') =>
    new Bidirectional(new SimpleRNN(3, 4, { returnSequences, rng: createRng(1), dtype: 'float64' }), { merge, rng: createRng(2) });
  const weightsOf = (bi: Bidirectional, prefix: string) => {
    const p = (name: string) => bi.paramGrads().find((q) => q.name === `${prefix}.${name}`)!.value.toArray();
    return [p('kernel') as Matrix, p('recurrentKernel') as Matrix, p('bias') as number[]] as const;
  };

  it('concatenates [forward, backward] per step, each aligned to input time (PyTorch’s output)', () => {
    const bi = make(true);
    const x = randomTensor([2, 5, 3], 3);
    const xs = x.toArray() as Matrix[];
    const f = rnn(xs, ...weightsOf(bi, 'forward'));
    const b = rnn(xs.map((s) => [...s].reverse()), ...weightsOf(bi, 'backward')).map((s) => [...s].reverse());
    expectClose(bi.forward(x), f.map((s, i) => s.map((step, t) => [...step, ...b[i]![t]!])), 1e-12);
    const sum = make(true, 'sum');
    const bs = rnn(xs.map((s) => [...s].reverse()), ...weightsOf(sum, 'backward')).map((s) => [...s].reverse());
    expectClose(sum.forward(x), rnn(xs, ...weightsOf(sum, 'forward')).map((s, i) => s.map((step, t) => step.map((v, k) => v + bs[i]![t]![k]!))), 1e-12);
  });

  it('without returnSequences gives each direction’s final state (PyTorch’s h_n, Keras’s output)', () => {
    const bi = make(false);
    const x = randomTensor([2, 5, 3], 4);
    const xs = x.toArray() as Matrix[];
    const f = rnn(xs, ...weightsOf(bi, 'forward'));
    const b = rnn(xs.map((s) => [...s].reverse()), ...weightsOf(bi, 'backward'));
    expectClose(bi.forward(x), f.map((s, i) => [...s[4]!, ...b[i]![4]!]), 1e-12);
    expect(bi.outputShape([7, 5, 3])).toEqual([7, 8]);
    expect(make(true).outputShape([7, 5, 3])).toEqual([7, 5, 8]);
    expect(make(true, 'sum').outputShape([7, 5, 3])).toEqual([7, 5, 4]);
  });

  it('lists the forward copy’s parameters, then the reversed copy’s, with their own weights', () => {
    const bi = new Bidirectional(new GRU(3, 4), { rng: createRng(3) });
    expect(bi.paramGrads().map((p) => p.name)).toEqual([
      'forward.kernel', 'forward.recurrentKernel', 'forward.bias', 'forward.recurrentBias',
      'backward.kernel', 'backward.recurrentKernel', 'backward.bias', 'backward.recurrentBias',
    ]);
    expect(bi.paramGrads()[0]!.value.data).not.toEqual(bi.paramGrads()[4]!.value.data);
  });

  it.each([
    ['LSTM, all steps, concat', () => new Bidirectional(new LSTM(3, 2, { returnSequences: true, rng: createRng(4), dtype: 'float64' }), { rng: createRng(5) })],
    ['LSTM, last state, sum', () => new Bidirectional(new LSTM(3, 2, { rng: createRng(4), dtype: 'float64' }), { merge: 'sum', rng: createRng(5) })],
    ['GRU, all steps, sum', () => new Bidirectional(new GRU(3, 2, { returnSequences: true, rng: createRng(4), dtype: 'float64' }), { merge: 'sum', rng: createRng(5) })],
    ['GRU, last state, concat', () => new Bidirectional(new GRU(3, 2, { rng: createRng(4), dtype: 'float64' }), { rng: createRng(5) })],
  ])('has correct gradients: %s (float64 central differences)', (_, build) => {
    expectGradientsCorrect(build(), randomTensor([2, 4, 3], 6));
  });

  it('round-trips its config through buildLayer', () => {
    const bi = new Bidirectional(new LSTM(3, 4, { returnSequences: true }), { merge: 'sum' });
    expectConfigRoundTrip(bi);
    expect(buildLayer(bi.toConfig()).toConfig()).toEqual({
      type: 'Bidirectional', merge: 'sum', layer: { type: 'LSTM', inputSize: 3, hiddenSize: 4, returnSequences: true },
    });
  });

  it('passes training mode to both copies and names bad inputs', () => {
    const bi = make(true);
    bi.training = false;
    expect([bi.forwardLayer.training, bi.backwardLayer.training]).toEqual([false, false]);
    expect(() => bi.forward(Tensor.zeros([2, 3]))).toThrow(ShapeError);
    expect(() => bi.forward(Tensor.zeros([2, 3]))).toThrow('Bidirectional: expected input of shape [batch, time, features] (time ≥ 1), got [2, 3]');
    bi.forward(Tensor.zeros([2, 5, 3], 'float64'));
    expect(() => bi.backward(Tensor.zeros([2, 5, 4]))).toThrow('Bidirectional.backward: expected gradOut of shape [2, 5, 8], got [2, 5, 4]');
    expect(() => new Bidirectional(new LSTM(3, 4), { merge: 'mul' as 'sum' })).toThrow(ConfigError);
    expect(() => new Bidirectional(bi)).toThrow('Bidirectional: expected a recurrent layer to wrap, got another Bidirectional');
  });
});
