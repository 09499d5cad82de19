import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { MSELoss } from '../../src/losses/MSELoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

describe('MSELoss', () => {
  it('averages squared errors over all elements like mathjs', () => {
    const p = randomTensor([4, 3], 1);
    const t = randomTensor([4, 3], 2);
    const diff = math.subtract(p.toMatrix(), t.toMatrix());
    const expected = (math.sum(math.dotPow(diff, 2)) as number) / 12;
    expect(new MSELoss().forward(p, t)).toBeCloseTo(expected, 12);
  });

  it('has the hand-derived gradient 2(p − t)/n', () => {
    const loss = new MSELoss();
    expect(loss.forward(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[0, 2], [5, 4]]))).toBeCloseTo((1 + 4) / 4, 7);
    expectClose(loss.backward(), [[0.5, 0], [-1, 0]]);
    expect(loss.backward().dtype).toBe('float32');
  });

  it('passes the float64 central-difference check', () => {
    expectLossGradientCorrect(new MSELoss(), randomTensor([5, 3], 3), randomTensor([5, 3], 4));
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new MSELoss(), randomTensor([2, 2], 5), randomTensor([2, 2], 6));
  });

  it('names the shapes on a bad target and refuses backward before forward', () => {
    expect(() => new MSELoss().forward(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(ShapeError);
    expect(() => new MSELoss().forward(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(
      "MSELoss: expected target of shape [2, 3] (the prediction's shape), got [3, 2]",
    );
    expect(() => new MSELoss().backward()).toThrow('MSELoss.backward: called before forward');
  });
});
