import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { L1Loss } from '../../src/losses/L1Loss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

describe('L1Loss', () => {
  it('averages absolute errors over all elements like mathjs', () => {
    const p = randomTensor([3, 4], 1);
    const t = randomTensor([3, 4], 2);
    const expected = (math.sum(math.abs(math.subtract(p.toMatrix(), t.toMatrix()))) as number) / 12;
    expect(new L1Loss().forward(p, t)).toBeCloseTo(expected, 12);
  });

  it('has gradient sign(p − t)/n, 0 where p = t', () => {
    const loss = new L1Loss();
    expect(loss.forward(Tensor.from([1, 2, 3, 4]), Tensor.from([0, 2, 5, 4.5]))).toBeCloseTo((1 + 0 + 2 + 0.5) / 4, 7);
    expectClose(loss.backward(), [0.25, 0, -0.25, -0.25]);
  });

  it('passes the float64 central-difference check away from the kink', () => {
    const p = randomTensor([4, 3], 3);
    const t = new Tensor(p.data.map((v, i) => v + (i % 2 === 0 ? 0.3 : -0.4)), p.shape);
    expectLossGradientCorrect(new L1Loss(), p, t);
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new L1Loss(), randomTensor([2, 2], 5), randomTensor([2, 2], 6));
  });

  it('names the shapes on a bad target', () => {
    expect(() => new L1Loss().forward(Tensor.zeros([4]), Tensor.zeros([4, 1]))).toThrow(ShapeError);
    expect(() => new L1Loss().forward(Tensor.zeros([4]), Tensor.zeros([4, 1]))).toThrow(
      "L1Loss: expected target of shape [4] (the prediction's shape), got [4, 1]",
    );
    expect(() => new L1Loss().backward()).toThrow('L1Loss.backward: called before forward');
  });
});
