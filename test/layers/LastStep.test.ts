import { ShapeError } from '../../src/errors';
import { LastStep } from '../../src/layers/LastStep';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('LastStep', () => {
  it('takes the last step of every sequence: [batch, time, features] → [batch, features]', () => {
    const x = randomTensor([2, 4, 3], 1);
    const expected = (x.toArray() as number[][][]).map((sequence) => sequence[sequence.length - 1] as number[]);
    expectClose(new LastStep().forward(x), expected, 1e-14);
    expect(new LastStep().outputShape([5, 7, 3])).toEqual([5, 3]);
  });

  it('has correct input gradients (float64 central differences)', () => {
    expectGradientsCorrect(new LastStep(), randomTensor([2, 4, 3], 2));
    expectGradientsCorrect(new LastStep(), randomTensor([3, 1, 2], 3));
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new LastStep());
  });

  it('names the shapes on a bad input', () => {
    expect(() => new LastStep().forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
    expect(() => new LastStep().forward(Tensor.zeros([2, 5]))).toThrow('LastStep: expected input of shape [batch, time, features] (time ≥ 1), got [2, 5]');
    expect(() => new LastStep().backward(Tensor.zeros([2, 4]))).toThrow('LastStep.backward: called before forward');
    const layer = new LastStep();
    layer.forward(Tensor.zeros([2, 3, 4]));
    expect(() => layer.backward(Tensor.zeros([2, 3]))).toThrow('LastStep.backward: expected gradOut of shape [2, 4], got [2, 3]');
  });
});
