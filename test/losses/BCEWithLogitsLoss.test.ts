import { ShapeError } from '../../src/errors';
import { BCELoss } from '../../src/losses/BCELoss';
import { BCEWithLogitsLoss } from '../../src/losses/BCEWithLogitsLoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('BCEWithLogitsLoss', () => {
  it('equals BCELoss on σ(z) for moderate logits, with gradient (σ(z) − t)/n', () => {
    const z = randomTensor([3, 2], 1, -3, 3);
    const t = randomTensor([3, 2], 2, 0, 1);
    const probs = new Tensor(z.data.map(sigmoid), z.shape);
    const loss = new BCEWithLogitsLoss();
    expect(loss.forward(z, t)).toBeCloseTo(new BCELoss().forward(probs, t), 12);
    expectClose(loss.backward(), new Tensor(z.data.map((v, i) => (sigmoid(v) - (t.data[i] as number)) / 6), z.shape), 1e-12);
  });

  it('stays exact where the sigmoid saturates', () => {
    // z = 800, t = 0: the loss is 800 (log(1 + e^800) overflows naively); z = −800, t = 0: ~0.
    const loss = new BCEWithLogitsLoss();
    expect(loss.forward(Tensor.from([800, -800], undefined, 'float64'), Tensor.from([0, 0]))).toBeCloseTo(400, 10);
    expectClose(loss.backward(), [0.5, 0], 1e-12);
  });

  it('passes the float64 central-difference check', () => {
    expectLossGradientCorrect(new BCEWithLogitsLoss(), randomTensor([4, 3], 3, -4, 4), randomTensor([4, 3], 4, 0, 1));
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new BCEWithLogitsLoss(), randomTensor([2, 2], 5), randomTensor([2, 2], 6, 0, 1));
  });

  it('names the shapes on a bad target', () => {
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([2, 2]), Tensor.zeros([4]))).toThrow(ShapeError);
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([2, 2]), Tensor.zeros([4]))).toThrow(
      "BCEWithLogitsLoss: expected target of shape [2, 2] (the prediction's shape), got [4]",
    );
  });
});
