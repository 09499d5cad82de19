import * as math from 'mathjs';
import { ShapeError } from '../../src/errors';
import { SiLU } from '../../src/layers/SiLU';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('SiLU', () => {
  const x = randomTensor([3, 4], 4, -6, 6);

  it('computes x·σ(x) = x / (1 + e⁻ˣ) like mathjs (torch.nn.SiLU)', () => {
    const expected = math.map(x.toMatrix(), (v: number) => v / (1 + math.exp(-v)));
    expectClose(new SiLU().forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-14);
  });

  it('stays finite and exact at large |x| (no overflow in e⁻ˣ)', () => {
    const y = new SiLU().forward(Tensor.from([-800, -40, 0, 40, 800], undefined, 'float64'));
    expectClose(y, [-0, -40 / (1 + Math.exp(40)), 0, 40 / (1 + Math.exp(-40)), 800], 1e-14);
  });

  it('has the derivative σ(x)(1 + x(1 − σ(x))) (hand-computed at 0 and 2)', () => {
    const silu = new SiLU();
    silu.forward(Tensor.from([0, 2], undefined, 'float64'));
    const s = 1 / (1 + Math.exp(-2));
    expectClose(silu.backward(Tensor.from([1, 3], undefined, 'float64')), [0.5, 3 * s * (1 + 2 * (1 - s))], 1e-15);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new SiLU(), x);
  });

  it('round-trips its config and keeps any shape', () => {
    expect(expectConfigRoundTrip(new SiLU()).toConfig()).toEqual({ type: 'SiLU' });
    expect(new SiLU().outputShape([6, 2, 2])).toEqual([6, 2, 2]);
  });

  it('names the problem on backward before forward and on a bad gradOut', () => {
    expect(() => new SiLU().backward(Tensor.zeros([3, 4]))).toThrow('SiLU.backward: called before forward; run forward(x) first');
    const silu = new SiLU();
    silu.forward(x);
    expect(() => silu.backward(Tensor.zeros([4, 3]))).toThrow(ShapeError);
    expect(() => silu.backward(Tensor.zeros([4, 3]))).toThrow('SiLU.backward: expected gradOut of shape [3, 4], got [4, 3]');
  });
});
