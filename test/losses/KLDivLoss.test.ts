import { DataError, ShapeError } from '../../src/errors';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { KLDivLoss } from '../../src/losses/KLDivLoss';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';
import { expectLossConfigRoundTrip, expectLossGradientCorrect } from '../helpers/lossChecks';

/** log softmax of each row, in float64 on plain numbers. */
function logSoftmax(rows: number[][]): number[][] {
  return rows.map((row) => {
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    return row.map((v) => v - lse);
  });
}

/** PyTorch's KLDivLoss(reduction='batchmean'): Σ t·(log t − x) / batch, 0·log 0 = 0. */
function klReference(x: number[][], t: number[][]): number {
  let total = 0;
  x.forEach((row, r) => row.forEach((v, c) => {
    const p = (t[r] as number[])[c] as number;
    if (p > 0) total += p * (Math.log(p) - v);
  }));
  return total / x.length;
}

const LOGITS = [[0.3, -1.2, 2.0], [1.1, 0.4, -0.7]];
const TARGET = [[0.2, 0.3, 0.5], [0, 0.75, 0.25]];

describe('KLDivLoss', () => {
  it("is PyTorch's batchmean KL divergence, with 0·log 0 = 0", () => {
    const x = logSoftmax(LOGITS);
    const loss = new KLDivLoss();
    const value = loss.forward(Tensor.from(x, undefined, 'float64'), Tensor.from(TARGET, undefined, 'float64'));
    expect(value).toBeCloseTo(klReference(x, TARGET), 12);
    // dL/dx = −t / batch
    expectClose(loss.backward(), TARGET.map((row) => row.map((p) => -p / 2)), 1e-15);
  });

  it('differs from cross-entropy on probability targets by the targets\' entropy', () => {
    const x = Tensor.from(logSoftmax(LOGITS), undefined, 'float64');
    const t = Tensor.from(TARGET, undefined, 'float64');
    const entropy = -TARGET.flat().reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0) / 2;
    const ce = new CrossEntropyLoss().forward(Tensor.from(LOGITS, undefined, 'float64'), t);
    expect(new KLDivLoss().forward(x, t)).toBeCloseTo(ce - entropy, 12);
  });

  it('passes the float64 central-difference check', () => {
    expectLossGradientCorrect(new KLDivLoss(), Tensor.from(logSoftmax(LOGITS), undefined, 'float64'), Tensor.from(TARGET, undefined, 'float64'));
  });

  it('says its prediction is log-probabilities and round-trips its config', () => {
    const loss = new KLDivLoss();
    expect([loss.output, loss.targets]).toEqual(['logProbabilities', 'values']);
    expectLossConfigRoundTrip(loss, Tensor.from(logSoftmax(LOGITS)), Tensor.from(TARGET));
  });

  it('refuses negative target probabilities, a scalar and a bad target shape', () => {
    const x = Tensor.from(logSoftmax(LOGITS));
    const bad = Tensor.from([[0.5, -0.1, 0.6], [0, 1, 0]]);
    expect(() => new KLDivLoss().forward(x, bad)).toThrow(DataError);
    expect(() => new KLDivLoss().forward(x, bad)).toThrow(
      'KLDivLoss: expected target probabilities ≥ 0, got -0.10000000149011612 at index 1; the target is probabilities, the prediction log-probabilities',
    );
    expect(() => new KLDivLoss().forward(Tensor.from(1), Tensor.from(1))).toThrow(ShapeError);
    expect(() => new KLDivLoss().forward(x, Tensor.zeros([2]))).toThrow("KLDivLoss: expected target of shape [2, 3] (the prediction's shape), got [2]");
  });
});
