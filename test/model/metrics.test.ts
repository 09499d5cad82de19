import { DataError, ShapeError } from '../../src/errors';
import { accuracy, accuracyCounts, confusionMatrix, precisionRecall, predictedLabels, targetLabels, thresholdFor } from '../../src/model/metrics';
import { Tensor } from '../../src/tensor/Tensor';

const scores = Tensor.from([
  [0.1, 0.7, 0.2], // 1
  [0.8, 0.1, 0.1], // 0
  [0.2, 0.3, 0.5], // 2
  [0.3, 0.4, 0.3], // 1
]);

describe('metrics', () => {
  it('accuracy takes the argmax of scores against labels or one-hot targets', () => {
    expect(Array.from(predictedLabels(scores))).toEqual([1, 0, 2, 1]);
    expect(accuracy(scores, Tensor.from([1, 0, 2, 2]))).toBe(0.75);
    expect(accuracy(scores, Tensor.from([[1], [0], [0], [2]]))).toBe(0.5);
    const oneHot = Tensor.from([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    expect(accuracy(scores, oneHot)).toBe(1);
  });

  it('accuracy thresholds a single output column at 0.5', () => {
    const p = Tensor.from([[0.9], [0.4], [0.51], [0.2]]);
    expect(Array.from(predictedLabels(p))).toEqual([1, 0, 1, 0]);
    expect(accuracy(p, Tensor.from([[1], [0], [0], [0]]))).toBe(0.75);
    expect(accuracy(p, Tensor.from([1, 1, 1, 0]))).toBe(0.75);
    expect(accuracy(Tensor.from([0.2, 3, -1]), Tensor.from([0, 1, 0.3]), 0)).toBe(2 / 3); // logits: threshold 0
    expect(thresholdFor('logits')).toBe(0);
    expect(thresholdFor('logProbabilities')).toBe(Math.log(0.5));
    expect(thresholdFor('probabilities')).toBe(0.5);
  });

  it('rejects labels outside the classes and mismatched shapes', () => {
    expect(() => accuracy(scores, Tensor.from([1, 0, 3, 1]))).toThrow(DataError);
    expect(() => accuracy(scores, Tensor.from([1, 0, 3, 1]))).toThrow('labels: expected 0..2 at row 2, got 3');
    expect(() => targetLabels(Tensor.from([0.5]))).toThrow('labels: expected a non-negative integer at row 0, got 0.5');
    expect(() => accuracy(scores, Tensor.from([1, 0]))).toThrow(ShapeError);
    expect(() => accuracy(scores, Tensor.zeros([4, 2]))).toThrow(
      'accuracy: expected one-hot targets with 3 columns like the predictions [4, 3], got [4, 2]',
    );
  });

  it('confusionMatrix counts truth × prediction; precision, recall, F1 and support follow from it', () => {
    const predicted = [0, 1, 1, 2, 2, 2, 0];
    const truth = [0, 1, 2, 2, 2, 1, 1];
    const matrix = confusionMatrix(predicted, truth, 3);
    expect(matrix).toEqual([
      [1, 0, 0],
      [1, 1, 1],
      [0, 1, 2],
    ]);
    const report = precisionRecall(matrix);
    expect(report.support).toEqual([1, 3, 3]);
    expect(report.precision).toEqual([1 / 2, 1 / 2, 2 / 3]);
    expect(report.recall).toEqual([1, 1 / 3, 2 / 3]);
    expect(report.f1[0]).toBeCloseTo(2 / 3, 12);
    expect(report.f1[1]).toBeCloseTo(0.4, 12);
    expect(precisionRecall([[0, 0], [0, 2]]).precision).toEqual([0, 1]); // nothing predicted as 0: 0, not NaN
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow('confusionMatrix: expected labels in 0..2, got prediction 3 and label 1 at row 1');
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(ShapeError);
  });
});

describe('metrics over sequences', () => {
  // [2 samples, 3 steps, 3 classes]; argmax per step: [[1, 0, 2], [2, 2, 0]]
  const seq = Tensor.from([
    [[0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]],
    [[0.2, 0.3, 0.5], [0.0, 0.1, 0.9], [0.4, 0.3, 0.3]],
  ]);

  it('counts per position, not per sample (argmax over the last axis)', () => {
    expect(Array.from(predictedLabels(seq))).toEqual([1, 0, 2, 2, 2, 0]);
    expect(accuracy(seq, Tensor.from([[1, 0, 0], [2, 1, 0]]))).toBeCloseTo(4 / 6, 12);
    const oneHot = Tensor.from([[[0, 1, 0], [1, 0, 0], [0, 0, 1]], [[0, 0, 1], [0, 0, 1], [0, 1, 0]]]);
    expect(accuracy(seq, oneHot)).toBeCloseTo(5 / 6, 12);
  });

  it('skips positions labelled ignoreIndex, for sequences and plain rows', () => {
    expect(accuracyCounts(seq, Tensor.from([[1, 0, -100], [2, -100, 1]]), 0.5, -100)).toEqual({ correct: 3, counted: 4 });
    expect(accuracy(seq, Tensor.from([[1, 0, -100], [2, -100, 1]]), 0.5, -100)).toBe(0.75);
    expect(accuracy(scores, Tensor.from([1, 9, 2, 0]), 0.5, 9)).toBeCloseTo(2 / 3, 12);
  });

  it('names the expected shapes and a bad label', () => {
    expect(() => accuracy(seq, Tensor.zeros([2, 4]))).toThrow(
      'accuracy: expected targets of shape [2, 3] (labels) or [2, 3, 3] (one-hot) for predictions [2, 3, 3], got [2, 4]',
    );
    expect(() => accuracy(seq, Tensor.from([[1, 0, 5], [2, 0, 1]]))).toThrow(DataError);
    expect(() => accuracy(seq, Tensor.from([[1, 0, 5], [2, 0, 1]]))).toThrow('labels: expected 0..2 at position 2, got 5');
  });
});
