import { ConfigError, ShapeError } from '../../src/errors';
import { AvgPool2D } from '../../src/layers/AvgPool2D';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/** Windows written out plainly: the oracle. */
function naiveAvgPool(x: Tensor, [kh, kw]: [number, number], [sh, sw]: [number, number]): Tensor {
  const [batch, channels, height, width] = x.shape as number[] as [number, number, number, number];
  const outH = Math.floor((height - kh) / sh) + 1;
  const outW = Math.floor((width - kw) / sw) + 1;
  const y = Tensor.zeros([batch, channels, outH, outW], 'float64');
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < channels; c++)
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          let total = 0;
          for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) total += x.get(n, c, oy * sh + i, ox * sw + j);
          y.set(total / (kh * kw), n, c, oy, ox);
        }
  return y;
}

describe('AvgPool2D', () => {
  it('averages each 2×2 window and shares the gradient equally (hand-derived)', () => {
    const pool = new AvgPool2D(2);
    const x = Tensor.from([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 1, 1], [9, 1, 3, 7]]]], undefined, 'float64');
    expectClose(pool.forward(x), [[[[13 / 4, 11 / 4], [12 / 4, 12 / 4]]]], 1e-15);
    const gradIn = pool.backward(Tensor.from([[[[4, 8], [12, 16]]]], undefined, 'float64'));
    expectClose(gradIn, [[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]], 1e-15);
  });

  it('matches direct pooling with overlapping and rectangular windows', () => {
    const x = randomTensor([2, 3, 7, 6]);
    expectClose(new AvgPool2D(3, 2).forward(x), naiveAvgPool(x, [3, 3], [2, 2]), 1e-12);
    expectClose(new AvgPool2D([2, 3], [1, 2]).forward(x), naiveAvgPool(x, [2, 3], [1, 2]), 1e-12);
  });

  it('has a correct input gradient (float64 central differences)', () => {
    expectGradientsCorrect(new AvgPool2D(2), randomTensor([2, 3, 4, 6], 2));
    expectGradientsCorrect(new AvgPool2D(3, 2), randomTensor([2, 2, 7, 5], 3));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new AvgPool2D(2)).toConfig()).toEqual({ type: 'AvgPool2D', kernelSize: 2, stride: 2 });
    expectConfigRoundTrip(new AvgPool2D([3, 2], 1));
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new AvgPool2D(2).forward(Tensor.zeros([2, 1, 8]))).toThrow(ShapeError);
    expect(() => new AvgPool2D(2).forward(Tensor.zeros([2, 1, 8]))).toThrow(
      'AvgPool2D: expected input of shape [batch, channels, height, width] (NCHW), got [2, 1, 8]',
    );
    expect(() => new AvgPool2D(4).outputShape([1, 1, 3, 8])).toThrow(
      'AvgPool2D: expected input height ≥ kernel height 4, got height 3',
    );
    const pool = new AvgPool2D(2);
    pool.forward(Tensor.zeros([1, 1, 4, 4]));
    expect(() => pool.backward(Tensor.zeros([1, 1, 4, 4]))).toThrow(
      'AvgPool2D.backward: expected gradOut of shape [1, 1, 2, 2], got [1, 1, 4, 4]',
    );
    expect(() => new AvgPool2D([2, 0])).toThrow(ConfigError);
  });
});
