import { ConfigError, ShapeError } from '../../src/errors';
import { Dropout } from '../../src/layers/Dropout';
import { createRng, manualSeed } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Dropout', () => {
  it('is the identity in eval mode, forward and backward', () => {
    const dropout = new Dropout(0.5, { rng: createRng(1) });
    dropout.training = false;
    const x = randomTensor([3, 4], 1);
    expectClose(dropout.forward(x), x, 0);
    const gradOut = randomTensor([3, 4], 2);
    expectClose(dropout.backward(gradOut), gradOut, 0);
  });

  it('in training zeroes about p of the values and scales the rest by 1/(1 − p)', () => {
    const p = 0.3;
    const n = 20000;
    const y = new Dropout(p, { rng: createRng(2) }).forward(Tensor.ones([n, 1], 'float64'));
    const values = Array.from(y.data);
    const zeros = values.filter((v) => v === 0).length;
    // Binomial(n, p): standard deviation √(n·p·(1−p)) ≈ 65, so ±400 is over 6σ.
    expect(Math.abs(zeros - p * n)).toBeLessThan(400);
    const kept = values.filter((v) => v !== 0);
    expect(Math.min(...kept)).toBeCloseTo(1 / (1 - p), 12);
    expect(Math.max(...kept)).toBeCloseTo(1 / (1 - p), 12);
    // The mean is preserved in expectation: that is what the scaling is for.
    expect(values.reduce((s, v) => s + v, 0) / n).toBeCloseTo(1, 1);
  });

  it('backward passes the gradient through the same mask as forward', () => {
    const dropout = new Dropout(0.5, { rng: createRng(3) });
    const x = randomTensor([4, 5], 3, 0.5, 1.5); // no zeros, so y = 0 exactly where dropped
    const y = dropout.forward(x);
    const gradIn = dropout.backward(Tensor.ones([4, 5], 'float64'));
    for (let i = 0; i < y.size; i++) {
      expect(gradIn.data[i]).toBe(y.data[i] === 0 ? 0 : 2);
    }
    expect(Array.from(y.data).some((v) => v === 0)).toBe(true);
    expect(Array.from(y.data).some((v) => v !== 0)).toBe(true);
  });

  it('draws the same mask from the same seed, through options.rng, setRng or manualSeed', () => {
    const x = randomTensor([6, 7], 4);
    const a = new Dropout(0.4, { rng: createRng(5) }).forward(x);
    const b = new Dropout(0.4, { rng: createRng(5) }).forward(x);
    expectClose(a, b, 0);
    const reseeded = new Dropout(0.4);
    reseeded.setRng(createRng(5));
    expectClose(reseeded.forward(x), a, 0);
    const other = new Dropout(0.4, { rng: createRng(6) }).forward(x);
    expect(Array.from(other.data)).not.toEqual(Array.from(a.data));
    // Without a generator of its own, the layer draws from globalRng() at each forward.
    const global = new Dropout(0.4);
    manualSeed(42);
    const first = global.forward(x);
    manualSeed(42);
    expectClose(global.forward(x), first, 0);
  });

  it('has a correct input gradient in training mode (gradCheck reseeds it via setRng)', () => {
    const dropout = new Dropout(0.5);
    expect(dropout.training).toBe(true);
    expectGradientsCorrect(dropout, randomTensor([4, 5], 7));
    const evalDropout = new Dropout(0.5);
    evalDropout.training = false;
    expectGradientsCorrect(evalDropout, randomTensor([4, 5], 8));
  });

  it('refuses p outside [0, 1) and round-trips its config', () => {
    expect(() => new Dropout(1)).toThrow(ConfigError);
    expect(() => new Dropout(1)).toThrow('Dropout: expected p in [0, 1), got 1');
    expect(() => new Dropout(-0.1)).toThrow('Dropout: expected p in [0, 1), got -0.1');
    expect(() => new Dropout(NaN)).toThrow(ConfigError);
    expectClose(new Dropout(0, { rng: createRng(1) }).forward(randomTensor([2, 3], 9)), randomTensor([2, 3], 9), 0);
    expect(expectConfigRoundTrip(new Dropout(0.25)).toConfig()).toEqual({ type: 'Dropout', p: 0.25 });
    expect(new Dropout(0.25).outputShape([3, 2, 2])).toEqual([3, 2, 2]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new Dropout(0.5).backward(Tensor.zeros([2, 3]))).toThrow(
      'Dropout.backward: called before forward; run forward(x) first',
    );
    const dropout = new Dropout(0.5, { rng: createRng(1) });
    dropout.forward(Tensor.zeros([2, 3]));
    expect(() => dropout.backward(Tensor.zeros([3, 2]))).toThrow(ShapeError);
    expect(() => dropout.backward(Tensor.zeros([3, 2]))).toThrow(
      'Dropout.backward: expected gradOut of shape [2, 3], got [3, 2]',
    );
  });
});
