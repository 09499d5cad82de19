import { ShapeError } from '../../src/errors';
import { Identity } from '../../src/layers/Identity';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Identity', () => {
  const x = randomTensor([2, 3, 2], 5);

  it('passes values and gradients through as copies', () => {
    const identity = new Identity();
    const y = identity.forward(x);
    expectClose(y, x, 0);
    expect(y.data).not.toBe(x.data);
    const gradOut = randomTensor([2, 3, 2], 6);
    const gradIn = identity.backward(gradOut);
    expectClose(gradIn, gradOut, 0);
    expect(gradIn.data).not.toBe(gradOut.data);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new Identity(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new Identity()).toConfig()).toEqual({ type: 'Identity' });
    expect(new Identity().outputShape([2, 3, 2])).toEqual([2, 3, 2]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new Identity().backward(Tensor.zeros([2, 3, 2]))).toThrow(
      'Identity.backward: called before forward; run forward(x) first',
    );
    const identity = new Identity();
    identity.forward(x);
    expect(() => identity.backward(Tensor.zeros([2, 6]))).toThrow(ShapeError);
    expect(() => identity.backward(Tensor.zeros([2, 6]))).toThrow(
      'Identity.backward: expected gradOut of shape [2, 3, 2], got [2, 6]',
    );
  });
});
