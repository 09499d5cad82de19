import { DataError, ShapeError } from '../../src/errors';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { NLLLoss } from '../../src/losses/NLLLoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

describe('NLLLoss', () => {
  it('is −mean logp[label] with gradient −onehot/batch (hand-derived)', () => {
    const logp = Tensor.from([[-0.1, -2.5, -3], [-1.2, -0.4, -2]], undefined, 'float64');
    const loss = new NLLLoss();
    expect(loss.forward(logp, Tensor.from([0, 2]))).toBeCloseTo((0.1 + 2) / 2, 12);
    expectClose(loss.backward(), [[-0.5, 0, 0], [0, 0, -0.5]], 1e-12);
  });

  it('after a log-softmax equals CrossEntropyLoss on the logits', () => {
    const logits = randomTensor([4, 3], 1, -2, 2);
    const logp = logits.clone();
    for (let r = 0; r < 4; r++) {
      const row = logp.data.subarray(r * 3, r * 3 + 3);
      const logSum = Math.log(Array.from(row).reduce((a, v) => a + Math.exp(v), 0));
      row.forEach((v, i) => (row[i] = v - logSum));
    }
    const labels = Tensor.from([2, 0, 1, 1]);
    expect(new NLLLoss().forward(logp, labels)).toBeCloseTo(new CrossEntropyLoss().forward(logits, labels), 12);
  });

  it('passes the float64 central-difference check', () => {
    expectLossGradientCorrect(new NLLLoss(), randomTensor([3, 4], 2, -3, 0), Tensor.from([3, 0, 1]));
  });

  it('round-trips its config', () => {
    expectLossConfigRoundTrip(new NLLLoss(), randomTensor([2, 3], 5, -2, 0), Tensor.from([2, 0]));
  });

  it('names bad labels and bad shapes', () => {
    expect(() => new NLLLoss().forward(Tensor.zeros([2, 3]), Tensor.from([0, 3]))).toThrow(DataError);
    expect(() => new NLLLoss().forward(Tensor.zeros([2, 3]), Tensor.from([0, 3]))).toThrow(
      'NLLLoss: expected labels in 0..2, got 3 at index 1',
    );
    expect(() => new NLLLoss().forward(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))).toThrow(ShapeError);
    expect(() => new NLLLoss().forward(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))).toThrow(
      'NLLLoss: expected target of shape [2] (class labels) or [2, 3] (class probabilities), got [2, 3]',
    );
    expect(() => new NLLLoss().backward()).toThrow('NLLLoss.backward: called before forward');
  });
});
