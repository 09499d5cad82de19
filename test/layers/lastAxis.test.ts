import { Dropout } from '../../src/layers/Dropout';
import type { Layer } from '../../src/layers/Layer';
import { LayerNorm } from '../../src/layers/LayerNorm';
import { Linear } from '../../src/layers/Linear';
import { GELU } from '../../src/layers/GELU';
import { LogSoftmax } from '../../src/layers/LogSoftmax';
import { ReLU } from '../../src/layers/ReLU';
import { Softmax } from '../../src/layers/Softmax';
import { Tanh } from '../../src/layers/Tanh';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/*
 * Sequence outputs [batch, time, features] go through the feature layers on their last axis, as in
 * PyTorch and Keras: the result equals the layer applied to the [batch·time, features] rows.
 */
describe('layers on the last axis of [batch, time, features]', () => {
  const cases: [string, () => Layer][] = [
    ['Linear', () => {
      const linear = new Linear(4, 3, { rng: createRng(2), dtype: 'float64' });
      linear.bias!.value.data.set([0.1, -0.2, 0.3]);
      return linear;
    }],
    ['Linear without bias', () => new Linear(4, 2, { bias: false, rng: createRng(3), dtype: 'float64' })],
    ['LayerNorm', () => {
      const norm = new LayerNorm(4, { dtype: 'float64' });
      norm.gamma.value.data.set([1, 2, 0.5, -1]);
      norm.beta.value.data.set([0, 0.1, 0.2, 0.3]);
      return norm;
    }],
    ['ReLU', () => new ReLU()],
    ['Tanh', () => new Tanh()],
    ['GELU', () => new GELU()],
    ['Softmax', () => new Softmax()],
    ['LogSoftmax', () => new LogSoftmax()],
  ];

  it.each(cases)('%s maps every step like the [batch·time, features] rows', (_, make) => {
    const x = randomTensor([2, 3, 4], 21);
    const sequence = make().forward(x);
    const rows = make().forward(x.reshape([6, 4]));
    expect(sequence.shape).toEqual([2, 3, rows.shape[1]]);
    expectClose(sequence.reshape(rows.shape), rows, 1e-14);
    expect(make().outputShape([5, 7, 4])).toEqual([5, 7, rows.shape[1]]);
  });

  it.each(cases)('%s has correct gradients on a sequence (float64 central differences)', (_, make) => {
    // Away from ReLU's kink at 0.
    const x = randomTensor([2, 3, 4], 22).clone();
    x.data.forEach((v, i) => (x.data[i] = Math.abs(v) < 0.05 ? 0.3 : v));
    expectGradientsCorrect(make(), x);
  });

  it('Dropout masks [batch, time, features] elementwise and keeps its shape', () => {
    const dropout = new Dropout(0.5, { rng: createRng(4) });
    const x = Tensor.ones([2, 3, 4], 'float64');
    const y = dropout.forward(x);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(y.data).every((v) => v === 0 || v === 2)).toBe(true);
    expectGradientsCorrect(new Dropout(0.3), randomTensor([2, 3, 4], 23));
  });

  it('Linear names the last axis on a bad sequence and leaves the 2-D message unchanged', () => {
    const linear = new Linear(4, 3);
    expect(() => linear.forward(Tensor.zeros([2, 3, 5]))).toThrow('Linear: expected input of shape [batch, …, 4], got [2, 3, 5]');
    expect(() => linear.forward(Tensor.zeros([2, 5]))).toThrow('Linear: expected input of shape [batch, 4], got [2, 5]');
    linear.forward(Tensor.zeros([2, 3, 4]));
    expect(() => linear.backward(Tensor.zeros([6, 3]))).toThrow('Linear.backward: expected gradOut of shape [2, 3, 3], got [6, 3]');
  });
});
