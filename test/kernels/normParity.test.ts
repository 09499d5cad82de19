import {
  addChannelBias, batchNormBackward, batchNormForward, channelMeanVariance, inverseStd, setBackend, sumChannels,
} from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import {
  addChannelBias as addChannelBiasJs, batchNormBackward as batchNormBackwardJs, batchNormForward as batchNormForwardJs,
  channelMeanVariance as channelMeanVarianceJs, sumChannels as sumChannelsJs,
} from '../../src/kernels/norm';
import { createRng } from '../../src/tensor/rng';
import { wasmArray } from '../helpers/wasmArrays';

/*
 * BatchNorm's channel kernels and a convolution's channel bias (add, gradient) on the wasm backend (asm/norm.ts through wasmDispatch.ts) against the
 * TypeScript reference: identical statistics, x̂, y, dx and parameter gradients (bit for bit), with
 * plain and resident arrays, for the digits CNN's shapes, odd plane sizes (the scalar tail of the
 * two-lane loops), BatchNorm1D's inner = 1, fixed statistics (eval), and a size below the threshold.
 */

const LAYOUTS: Array<[string, number, number, number]> = [
  ['digits CNN: 64 × 8 × 16·16', 64, 8, 256],
  ['digits CNN: 64 × 16 × 8·8', 64, 16, 64],
  ['odd planes: 10 × 3 × 7·5', 10, 3, 35],
  ['BatchNorm1D: 128 × 40 × 1', 128, 40, 1],
  ['below the wasm threshold', 4, 3, 5],
];

function values(n: number, seed: number, offset: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-3, 3) + offset);
}

/** Where a and b first differ bit for bit (as the reference's Float32/Float64 values), or 'identical'. */
function firstDifference(a: Float32Array | Float64Array, b: Float32Array | Float64Array): string {
  const [u, v] = a instanceof Float32Array && b instanceof Float32Array
    ? [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)]
    : [new Uint32Array(a.buffer, a.byteOffset, a.length * 2), new Uint32Array(b.buffer, b.byteOffset, b.length * 2)];
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const shift = u.length === a.length ? 0 : 1;
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return `index ${i >> shift}: ${a[i >> shift]} vs ${b[i >> shift]}`;
  return 'identical';
}

describe.each(['plain', 'resident'] as const)('BatchNorm kernels on wasm with %s arrays', (kind) => {
  beforeAll(() => setBackend('wasm'));
  afterAll(() => setBackend('js'));
  afterEach(() => backendState().wasm?.releaseResident());

  const array = (n: number): Float32Array => wasmArray(kind, n);

  it.each(LAYOUTS)('%s: statistics, forward and backward of the reference', (_, outer, channels, inner) => {
    const n = outer * channels * inner;
    const x = array(n);
    x.set(values(n, 3, 1.5));
    const mean = new Float64Array(channels);
    const variance = new Float64Array(channels);
    const wantMean = new Float64Array(channels);
    const wantVariance = new Float64Array(channels);
    channelMeanVariance(x, outer, channels, inner, mean, variance);
    channelMeanVarianceJs(x, outer, channels, inner, wantMean, wantVariance);
    expect(firstDifference(mean, wantMean)).toBe('identical');
    expect(firstDifference(variance, wantVariance)).toBe('identical');

    const invStd = new Float64Array(channels);
    inverseStd(variance, 1e-5, invStd);
    const gamma = array(channels);
    gamma.set(values(channels, 5, 1));
    const beta = array(channels);
    beta.set(values(channels, 6, 0));
    const xhat = array(n).fill(9);
    const y = array(n).fill(9);
    const wantXhat = new Float32Array(n);
    const wantY = new Float32Array(n);
    batchNormForward(x, outer, channels, inner, mean, invStd, gamma, beta, xhat, y);
    batchNormForwardJs(x, outer, channels, inner, wantMean, invStd, gamma, beta, wantXhat, wantY);
    expect(firstDifference(xhat, wantXhat)).toBe('identical');
    expect(firstDifference(y, wantY)).toBe('identical');

    for (const batchStatistics of [true, false]) {
      const dy = array(n);
      dy.set(values(n, 8, 0.1));
      const dx = array(n).fill(9);
      const gammaGrad = array(channels);
      gammaGrad.set(values(channels, 10, 0));
      const betaGrad = array(channels);
      betaGrad.set(values(channels, 11, 0));
      const wantDx = new Float32Array(n);
      const wantGammaGrad = Float32Array.from(gammaGrad);
      const wantBetaGrad = Float32Array.from(betaGrad);
      batchNormBackward(dy, xhat, outer, channels, inner, gamma, invStd, batchStatistics, dx, gammaGrad, betaGrad);
      batchNormBackwardJs(dy, wantXhat, outer, channels, inner, gamma, invStd, batchStatistics, wantDx, wantGammaGrad, wantBetaGrad);
      expect(firstDifference(dx, wantDx)).toBe('identical');
      expect(firstDifference(gammaGrad, wantGammaGrad)).toBe('identical');
      expect(firstDifference(betaGrad, wantBetaGrad)).toBe('identical');
    }
  });

  it.each(LAYOUTS)('%s: channel bias and its gradient of the reference', (_, outer, channels, inner) => {
    const n = outer * channels * inner;
    const x = array(n);
    x.set(values(n, 13, 0.5));
    const want = Float32Array.from(x);
    const bias = array(channels);
    bias.set(values(channels, 14, 0));
    addChannelBias(x, bias, outer, channels, inner);
    addChannelBiasJs(want, bias, outer, channels, inner);
    expect(firstDifference(x, want)).toBe('identical');
    const grad = array(channels);
    grad.set(values(channels, 15, 0));
    const wantGrad = Float32Array.from(grad);
    sumChannels(x, outer, channels, inner, grad);
    sumChannelsJs(x, outer, channels, inner, wantGrad);
    expect(firstDifference(grad, wantGrad)).toBe('identical');
  });

  it('handles NaN and ±Infinity as the reference does', () => {
    const [outer, channels, inner] = [8, 4, 64];
    const n = outer * channels * inner;
    const x = array(n);
    x.set(values(n, 12, 0));
    x[3] = NaN;
    x[300] = Infinity;
    const mean = new Float64Array(channels);
    const variance = new Float64Array(channels);
    const wantMean = new Float64Array(channels);
    const wantVariance = new Float64Array(channels);
    channelMeanVariance(x, outer, channels, inner, mean, variance);
    channelMeanVarianceJs(x, outer, channels, inner, wantMean, wantVariance);
    expect(firstDifference(mean, wantMean)).toBe('identical');
    expect(firstDifference(variance, wantVariance)).toBe('identical');
    const invStd = Float64Array.from([1, 0.5, 2, Infinity]);
    const gamma = array(channels).fill(1.5);
    const beta = array(channels).fill(-0.5);
    const [xhat, y, wantXhat, wantY] = [array(n), array(n), new Float32Array(n), new Float32Array(n)];
    batchNormForward(x, outer, channels, inner, mean, invStd, gamma, beta, xhat, y);
    batchNormForwardJs(x, outer, channels, inner, wantMean, invStd, gamma, beta, wantXhat, wantY);
    expect(firstDifference(xhat, wantXhat)).toBe('identical');
    expect(firstDifference(y, wantY)).toBe('identical');
  });
});
