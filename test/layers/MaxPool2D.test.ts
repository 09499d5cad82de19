import { ConfigError, ShapeError } from '../../src/errors';
import { MaxPool2D } from '../../src/layers/MaxPool2D';
import { createRng } from '../../src/tensor/rng';
import { Tensor, type Shape } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect } from '../helpers/layerChecks';

/** Distinct values (a shuffled ramp), at least 1/size apart, so no window has a tie even after ±eps. */
function distinctTensor(shape: Shape, seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = createRng(seed).shuffle(Array.from({ length: size }, (_, i) => i / size - 0.5));
  return Tensor.from(values, shape, 'float64');
}

/** Windows written out plainly: the oracle. */
function naiveMaxPool(x: Tensor, [kh, kw]: [number, number], [sh, sw]: [number, number]): Tensor {
  const [batch, channels, height, width] = x.shape as number[] as [number, number, number, number];
  const outH = Math.floor((height - kh) / sh) + 1;
  const outW = Math.floor((width - kw) / sw) + 1;
  const y = Tensor.zeros([batch, channels, outH, outW], 'float64');
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < channels; c++)
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          let best = -Infinity;
          for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) best = Math.max(best, x.get(n, c, oy * sh + i, ox * sw + j));
          y.set(best, n, c, oy, ox);
        }
  return y;
}

describe('MaxPool2D', () => {
  it('takes the maximum of each 2×2 window and routes the gradient to it (hand-derived)', () => {
    const pool = new MaxPool2D(2);
    const x = Tensor.from([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 1, 1], [9, 1, 3, 7]]]], undefined, 'float64');
    expectClose(pool.forward(x), [[[[5, 8], [9, 7]]]], 0);
    const gradIn = pool.backward(Tensor.from([[[[10, 20], [30, 40]]]], undefined, 'float64'));
    expectClose(gradIn, [[[[0, 10, 0, 0], [0, 0, 20, 0], [0, 0, 0, 0], [30, 0, 0, 40]]]], 0);
  });

  it('matches direct pooling with overlapping and rectangular windows', () => {
    const x = distinctTensor([2, 3, 7, 6], 1);
    expectClose(new MaxPool2D(3, 2).forward(x), naiveMaxPool(x, [3, 3], [2, 2]), 0);
    expectClose(new MaxPool2D([2, 3], [1, 2]).forward(x), naiveMaxPool(x, [2, 3], [1, 2]), 0);
    expect(new MaxPool2D(2).outputShape([2, 3, 7, 6])).toEqual([2, 3, 3, 3]);
  });

  it('has a correct input gradient (float64 central differences, no ties)', () => {
    expectGradientsCorrect(new MaxPool2D(2), distinctTensor([2, 3, 4, 6], 2));
    expectGradientsCorrect(new MaxPool2D(3, 2), distinctTensor([2, 2, 7, 5], 3));
  });

  it('round-trips its config', () => {
    expect(expectConfigRoundTrip(new MaxPool2D(2)).toConfig()).toEqual({ type: 'MaxPool2D', kernelSize: 2, stride: 2 });
    expectConfigRoundTrip(new MaxPool2D([2, 3], [1, 2]));
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    expect(() => new MaxPool2D(2).forward(Tensor.zeros([2, 16]))).toThrow(ShapeError);
    expect(() => new MaxPool2D(2).forward(Tensor.zeros([2, 16]))).toThrow(
      'MaxPool2D: expected input of shape [batch, channels, height, width] (NCHW), got [2, 16]',
    );
    expect(() => new MaxPool2D(3).outputShape([1, 1, 8, 2])).toThrow(
      'MaxPool2D: expected input width ≥ kernel width 3, got width 2',
    );
    expect(() => new MaxPool2D(2).backward(Tensor.zeros([1, 1, 1, 1]))).toThrow('MaxPool2D.backward: called before forward');
    expect(() => new MaxPool2D(0)).toThrow(ConfigError);
    expect(() => new MaxPool2D(2, 1.5)).toThrow(
      'MaxPool2D: expected stride to be a positive integer or a pair [height, width] of them, got 1.5',
    );
  });
});
