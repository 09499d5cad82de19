import { ShapeError } from '../../src/errors';
import { GlobalAvgPool1D } from '../../src/layers/GlobalAvgPool1D';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('GlobalAvgPool1D', () => {
  it('averages every feature over time: [batch, time, features] → [batch, features]', () => {
    const x = randomTensor([2, 4, 3], 1);
    const expected = (x.toArray() as number[][][]).map((sequence) => sequence[0]!.map((_, f) => sequence.reduce((s, step) => s + step[f]!, 0) / sequence.length));
    expectClose(new GlobalAvgPool1D().forward(x), expected, 1e-14);
    expect(new GlobalAvgPool1D().outputShape([5, 7, 3])).toEqual([5, 3]);
  });

  it('has correct input gradients (float64 central differences)', () => {
    expectGradientsCorrect(new GlobalAvgPool1D(), randomTensor([2, 4, 3], 2));
    expectGradientsCorrect(new GlobalAvgPool1D(), randomTensor([3, 1, 2], 3));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new GlobalAvgPool1D());
  });

  it('names the shapes on a bad input', () => {
    expect(() => new GlobalAvgPool1D().forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => new GlobalAvgPool1D().forward(Tensor.zeros([2, 5]))).toThrow('GlobalAvgPool1D: expected input of shape [batch, time, features] (time ≥ 1), got [2, 5]');
    expect(() => new GlobalAvgPool1D().backward(Tensor.zeros([2, 4]))).toThrow('GlobalAvgPool1D.backward: called before forward');
    const layer = new GlobalAvgPool1D();
    layer.forward(Tensor.zeros([2, 3, 4]));
    expect(() => layer.backward(Tensor.zeros([2, 3]))).toThrow('GlobalAvgPool1D.backward: expected gradOut of shape [2, 4], got [2, 3]');
  });
});
