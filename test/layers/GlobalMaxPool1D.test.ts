import { ShapeError } from '../../src/errors';
import { GlobalMaxPool1D } from '../../src/layers/GlobalMaxPool1D';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('GlobalMaxPool1D', () => {
  it('takes the maximum of every feature over time: [batch, time, features] → [batch, features]', () => {
    expect(Array.from(new GlobalMaxPool1D().forward(Tensor.from([[[1, 5], [3, 5], [2, 0]]])).data)).toEqual([3, 5]);
    const x = randomTensor([2, 4, 3], 1);
    const expected = (x.toArray() as number[][][]).map((sequence) => sequence[0]!.map((_, f) => Math.max(...sequence.map((step) => step[f]!))));
    expectClose(new GlobalMaxPool1D().forward(x), expected, 1e-14);
    expect(new GlobalMaxPool1D().outputShape([5, 7, 3])).toEqual([5, 3]);
  });

  it('has correct input gradients (float64 central differences)', () => {
    expectGradientsCorrect(new GlobalMaxPool1D(), randomTensor([2, 4, 3], 2));
    expectGradientsCorrect(new GlobalMaxPool1D(), randomTensor([3, 1, 2], 3));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new GlobalMaxPool1D());
  });

  it('names the shapes on a bad input', () => {
    expect(() => new GlobalMaxPool1D().forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => new GlobalMaxPool1D().forward(Tensor.zeros([2, 5]))).toThrow('GlobalMaxPool1D: expected input of shape [batch, time, features] (time ≥ 1), got [2, 5]');
    expect(() => new GlobalMaxPool1D().backward(Tensor.zeros([2, 4]))).toThrow('GlobalMaxPool1D.backward: called before forward');
    const layer = new GlobalMaxPool1D();
    layer.forward(Tensor.zeros([2, 3, 4]));
    expect(() => layer.backward(Tensor.zeros([2, 3]))).toThrow('GlobalMaxPool1D.backward: expected gradOut of shape [2, 4], got [2, 3]');
  });
});
