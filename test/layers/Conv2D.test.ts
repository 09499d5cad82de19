import { ConfigError, ShapeError } from '../../src/errors';
import { Conv2D } from '../../src/layers/Conv2D';
import { setBackend } from '../../src/kernels';
import { directConvPreferred } from '../../src/kernels/wasmDispatch';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/** The textbook definition, loop by loop: the oracle the im2col + gemm version must match. */
function naiveConv(
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  [sh, sw]: [number, number],
  [padTop, padLeft]: [number, number],
  [outH, outW]: [number, number],
): Tensor {
  const [batch, inC, height, width] = x.shape as number[] as [number, number, number, number];
  const [outC, , kh, kw] = w.shape as number[] as [number, number, number, number];
  const y = Tensor.zeros([batch, outC, outH, outW], 'float64');
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < outC; o++)
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          let total = b ? b.get(o) : 0;
          for (let c = 0; c < inC; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = oy * sh - padTop + i;
                const ix = ox * sw - padLeft + j;
                if (iy >= 0 && iy < height && ix >= 0 && ix < width) total += w.get(o, c, i, j) * x.get(n, c, iy, ix);
              }
          y.set(total, n, o, oy, ox);
        }
  return y;
}

function withRandomBias(conv: Conv2D): Conv2D {
  const bias = conv.bias!.value.data;
  for (let i = 0; i < bias.length; i++) bias[i] = 0.1 * (i + 1) * (i % 2 === 0 ? 1 : -1);
  return conv;
}

describe('Conv2D', () => {
  it('sums each 2×2 window of a 3×3 image (hand-derived)', () => {
    const conv = new Conv2D(1, 1, 2, { init: 'zeros', dtype: 'float64' });
    conv.weight.value.data.fill(1);
    conv.bias!.value.data[0] = 0.5;
    const x = Tensor.from([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], undefined, 'float64');
    // 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28, each + 0.5
    expectClose(conv.forward(x), [[[[12.5, 16.5], [24.5, 28.5]]]], 1e-12);
  });

  it('matches a direct convolution: 3×3, stride 1, no padding', () => {
    const conv = withRandomBias(new Conv2D(3, 4, 3, { rng: createRng(1), dtype: 'float64' }));
    const x = randomTensor([2, 3, 6, 5]);
    const expected = naiveConv(x, conv.weight.value, conv.bias!.value, [1, 1], [0, 0], [4, 3]);
    expectClose(conv.forward(x), expected, 1e-12);
  });

  it('matches a direct convolution with rectangular kernel, strides and padding', () => {
    const conv = withRandomBias(
      new Conv2D(2, 3, [2, 3], { stride: [2, 1], padding: [1, 2], rng: createRng(2), dtype: 'float64' }),
    );
    const x = randomTensor([2, 2, 5, 4], 3);
    // H' = ⌊(5 + 2 − 2)/2⌋ + 1 = 3,  W' = ⌊(4 + 4 − 3)/1⌋ + 1 = 6
    expect(conv.outputShape([2, 2, 5, 4])).toEqual([2, 3, 3, 6]);
    const expected = naiveConv(x, conv.weight.value, conv.bias!.value, [2, 1], [1, 2], [3, 6]);
    expectClose(conv.forward(x), expected, 1e-12);
  });

  it("keeps the size with padding 'same' (stride 1) and gives ⌈size/stride⌉ with stride 2", () => {
    const same = new Conv2D(2, 2, 3, { padding: 'same', rng: createRng(3), dtype: 'float64' });
    const x = randomTensor([1, 2, 5, 6], 4);
    expectClose(same.forward(x), naiveConv(x, same.weight.value, same.bias!.value, [1, 1], [1, 1], [5, 6]), 1e-12);
    // Even kernel, stride 2 on 5×6: out 3×3, total padding (3−1)·2 + 4 − 5 = 3 rows (1 above, 2 below)
    // and (3−1)·2 + 4 − 6 = 2 columns (1 left, 1 right).
    const strided = new Conv2D(2, 2, 4, { padding: 'same', stride: 2, bias: false, rng: createRng(4), dtype: 'float64' });
    expect(strided.outputShape([1, 2, 5, 6])).toEqual([1, 2, 3, 3]);
    expectClose(strided.forward(x), naiveConv(x, strided.weight.value, undefined, [2, 2], [1, 1], [3, 3]), 1e-12);
  });

  it('has correct gradients for input, weight and bias (float64 central differences)', () => {
    expectGradientsCorrect(new Conv2D(3, 4, 3, { rng: createRng(5) }), randomTensor([2, 3, 5, 5], 6));
    expectGradientsCorrect(
      new Conv2D(2, 3, [2, 3], { stride: [2, 1], padding: [1, 2], rng: createRng(7) }),
      randomTensor([2, 2, 5, 4], 8),
    );
    expectGradientsCorrect(
      new Conv2D(2, 2, 4, { padding: 'same', stride: 2, bias: false, rng: createRng(9) }),
      randomTensor([2, 2, 5, 6], 10),
    );
  });

  it('accumulates parameter gradients over backward calls', () => {
    const conv = new Conv2D(1, 2, 3, { rng: createRng(11), dtype: 'float64' });
    const x = randomTensor([2, 1, 4, 4]);
    const gradOut = randomTensor([2, 2, 2, 2], 12);
    conv.forward(x);
    conv.backward(gradOut);
    const once = conv.weight.grad.clone();
    conv.forward(x);
    conv.backward(gradOut);
    expectClose(conv.weight.grad, new Tensor(once.data.map((v) => 2 * v), once.shape));
  });

  it('initialises with xavierUniform over fan-in in·kh·kw and fan-out out·kh·kw', () => {
    const conv = new Conv2D(16, 32, 3, { rng: createRng(13) });
    const limit = Math.sqrt(6 / (16 * 9 + 32 * 9));
    const values = Array.from(conv.weight.value.data);
    expect(conv.weight.value.shape).toEqual([32, 16, 3, 3]);
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.max(...values)).toBeGreaterThan(0.95 * limit);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-limit);
  });

  it('round-trips its config', () => {
    expectConfigRoundTrip(new Conv2D(3, 8, [3, 5], { stride: 2, padding: [1, 2], bias: false, init: 'heNormal' }));
    const rebuilt = expectConfigRoundTrip(new Conv2D(1, 16, 3, { padding: 'same' }));
    expect(rebuilt.toConfig()).toEqual({
      type: 'Conv2D', inChannels: 1, outChannels: 16, kernelSize: 3, stride: 1, padding: 'same', bias: true, init: 'xavierUniform',
    });
  });

  it('names the shapes on a bad input and refuses bad options', () => {
    const conv = new Conv2D(3, 4, 3);
    expect(() => conv.forward(Tensor.zeros([2, 4, 5, 5]))).toThrow(ShapeError);
    expect(() => conv.forward(Tensor.zeros([2, 4, 5, 5]))).toThrow(
      'Conv2D: expected input of shape [batch, 3, height, width] (NCHW), got [2, 4, 5, 5]',
    );
    expect(() => conv.forward(Tensor.zeros([2, 75]))).toThrow('got [2, 75]');
    expect(() => conv.outputShape([2, 3, 2, 5])).toThrow(
      'Conv2D: expected input height ≥ kernel height 3, got height 2; use a smaller kernel or pad the input',
    );
    conv.forward(Tensor.zeros([1, 3, 4, 4]));
    expect(() => conv.backward(Tensor.zeros([1, 4, 3, 3]))).toThrow(
      'Conv2D.backward: expected gradOut of shape [1, 4, 2, 2], got [1, 4, 3, 3]',
    );
    expect(() => new Conv2D(3, 4, 3).backward(Tensor.zeros([1, 4, 2, 2]))).toThrow('Conv2D.backward: called before forward');
    expect(() => new Conv2D(3, 4, 0)).toThrow(ConfigError);
    expect(() => new Conv2D(3, 4, [3, -1])).toThrow(
      'Conv2D: expected kernelSize to be a positive integer or a pair [height, width] of them, got [3,-1]',
    );
    expect(() => new Conv2D(3, 4, 3, { padding: 'valid' as 'same' })).toThrow(
      'Conv2D: expected padding to be a non-negative integer, a pair or "same", got "valid"',
    );
    expect(() => new Conv2D(0, 4, 3)).toThrow('Conv2D: expected inChannels to be a positive integer, got 0');
  });
});

/** The same layer in float32, its parameters rounded from the float64 one's. */
function float32Copy(conv: Conv2D, [inC, outC, k]: [number, number, number], padding: 'same' | 0): Conv2D {
  const copy = new Conv2D(inC, outC, k, { padding, dtype: 'float32' });
  copy.weight.value.data.set(conv.weight.value.data);
  copy.bias!.value.data.set(conv.bias!.value.data);
  return copy;
}

const toFloat32 = (t: Tensor): Tensor => new Tensor(Float32Array.from(t.data), t.shape);

describe.each(['js', 'wasm'] as const)('Conv2D in float32 on the %s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend('wasm'));

  // One input channel, 3×3 'same': the digits CNN's first layer (the direct kernel on wasm); then
  // 2 channels, where every backend keeps im2col + gemm.
  it.each([
    [[1, 16, 3], 'same', [6, 1, 8, 8], backend === 'wasm'],
    [[2, 3, 3], 0, [5, 2, 7, 9], false],
  ] as const)('%j, padding %s, input %j: forward, dW, db, dX as float64 (direct kernel: %s)', (dims, padding, shape, direct) => {
    const [inC, outC, k] = dims;
    const conv64 = withRandomBias(new Conv2D(inC, outC, k, { padding, rng: createRng(21), dtype: 'float64' }));
    const conv32 = float32Copy(conv64, [...dims], padding);
    const x64 = randomTensor([...shape], 22);
    const y64 = conv64.forward(x64);
    const g = { batch: shape[0], channels: inC, height: shape[2], width: shape[3], kernelH: k, kernelW: k, strideH: 1, strideW: 1, padTop: padding === 'same' ? 1 : 0, padLeft: padding === 'same' ? 1 : 0, outH: y64.shape[2]!, outW: y64.shape[3]! };
    expect(directConvPreferred(g, 'float32')).toBe(direct);
    expectClose(conv32.forward(toFloat32(x64)), y64, 1e-5);
    const gradOut = randomTensor(y64.shape, 23);
    const dx64 = conv64.backward(gradOut);
    expectClose(conv32.backward(toFloat32(gradOut)), dx64, 1e-5);
    expectClose(conv32.weight.grad, conv64.weight.grad, 1e-4);
    expectClose(conv32.bias!.grad, conv64.bias!.grad, 1e-4);
    // backwardParams (a first layer's) adds the same parameter gradients again
    conv32.backwardParams(toFloat32(gradOut));
    expectClose(conv32.weight.grad, new Tensor(conv64.weight.grad.data.map((v) => 2 * v), conv64.weight.grad.shape), 2e-4);
  });
});
