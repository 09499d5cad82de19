import { ConfigError, ShapeError } from '../../src/errors';
import { PReLU } from '../../src/layers/PReLU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/** PyTorch's formula written out: y = max(0, x) + w[c]·min(0, x), c = the index on axis 1 (or 0 when shared). */
function oracle(x: Tensor, slopes: number[]): number[] {
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const channels = x.shape[1] as number;
  return Array.from(x.data, (v, i) => {
    const w = slopes.length === 1 ? (slopes[0] as number) : (slopes[Math.floor(i / inner) % channels] as number);
    return Math.max(0, v) + w * Math.min(0, v);
  });
}

describe('PReLU', () => {
  // Away from 0, where the derivative in x has a kink.
  const image = Tensor.from(Array.from(randomTensor([2, 3, 2, 2], 5).data, (v) => (Math.abs(v) < 0.05 ? v + 0.2 : v)), [2, 3, 2, 2], 'float64');

  it('computes max(0, x) + w·min(0, x) with one shared slope (default 0.25)', () => {
    const x = Tensor.from([[-2, -0.5, 0.3, 1.7], [0.8, -1.2, 2.5, -0.1]], undefined, 'float64');
    expectClose(new PReLU({ dtype: 'float64' }).forward(x), [[-0.5, -0.125, 0.3, 1.7], [0.8, -0.3, 2.5, -0.025]], 1e-15);
  });

  it('uses one slope per channel on axis 1 when numParameters > 1', () => {
    const prelu = new PReLU({ numParameters: 3, dtype: 'float64' });
    prelu.weight.value.data.set([0.1, -0.4, 2]);
    expectClose(prelu.forward(image), new Tensor(Float64Array.from(oracle(image, [0.1, -0.4, 2])), image.shape), 1e-15);
    const rows = Tensor.from([[-1, -2, 3], [4, -5, -6]], undefined, 'float64');
    expectClose(prelu.forward(rows), [[-0.1, 0.8, 3], [4, 2, -12]], 1e-15);
  });

  it('accumulates dw[c] = Σ min(0, x)·dy per channel (hand-computed)', () => {
    const prelu = new PReLU({ numParameters: 2, init: 0.5, dtype: 'float64' });
    prelu.forward(Tensor.from([[-1, 2], [-3, -4]], undefined, 'float64'));
    const gradIn = prelu.backward(Tensor.from([[10, 20], [30, 40]], undefined, 'float64'));
    expectClose(gradIn, [[5, 20], [15, 20]], 1e-15);
    expectClose(prelu.weight.grad, [-1 * 10 + -3 * 30, -4 * 40], 1e-15);
    prelu.forward(Tensor.from([[-1, 2], [-3, -4]], undefined, 'float64'));
    prelu.backward(Tensor.from([[10, 20], [30, 40]], undefined, 'float64'));
    expectClose(prelu.weight.grad, [-200, -320], 1e-15);
  });

  it('has correct gradients for input and weight (float64 central differences)', () => {
    expectGradientsCorrect(new PReLU(), image);
    const perChannel = new PReLU({ numParameters: 3 });
    perChannel.weight.value.data.set([0.1, -0.4, 2]);
    expectGradientsCorrect(perChannel, image);
  });

  it('round-trips its config and keeps the shape', () => {
    const rebuilt = expectConfigRoundTrip(new PReLU({ numParameters: 3, init: 0.1 }));
    expect(rebuilt.toConfig()).toEqual({ type: 'PReLU', numParameters: 3, init: 0.1 });
    expect(Array.from(rebuilt.paramGrads()[0]!.value.data)).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    expect(new PReLU().toConfig()).toEqual({ type: 'PReLU', numParameters: 1, init: 0.25 });
    expect(new PReLU({ numParameters: 3 }).outputShape([5, 3, 4, 4])).toEqual([5, 3, 4, 4]);
  });

  it('names the channel mismatch, backward before forward and bad options', () => {
    expect(() => new PReLU({ numParameters: 3 }).forward(Tensor.zeros([2, 4]))).toThrow(ShapeError);
    expect(() => new PReLU({ numParameters: 3 }).forward(Tensor.zeros([2, 4]))).toThrow(
      'PReLU: expected input [batch, 3, …] (numParameters = 3 channels on axis 1), got [2, 4]',
    );
    expect(() => new PReLU({ numParameters: 3 }).outputShape([6])).toThrow('got [6]');
    expect(() => new PReLU().backward(Tensor.zeros([2]))).toThrow('PReLU.backward: called before forward; run forward(x) first');
    expect(() => new PReLU({ numParameters: 0 })).toThrow(ConfigError);
    expect(() => new PReLU({ numParameters: 0 })).toThrow('PReLU: expected numParameters to be a positive integer, got 0');
    expect(() => new PReLU({ init: '0.2' as unknown as number })).toThrow('PReLU: expected init to be a finite number, got "0.2"');
  });
});
