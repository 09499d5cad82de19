import { adagradUpdate, adamUpdate, adamaxUpdate, rmspropUpdate, setBackend, sgdUpdate } from '../../src/kernels';
import { backendState } from '../../src/kernels/backend';
import {
  adagradUpdate as adagradUpdateJs, adamUpdate as adamUpdateJs, adamaxUpdate as adamaxUpdateJs, rmspropUpdate as rmspropUpdateJs,
  sgdUpdate as sgdUpdateJs,
} from '../../src/kernels/optim';
import { MIN_ELEMENTS } from '../../src/kernels/wasm/elementwiseWasm';
import { createRng } from '../../src/tensor/rng';
import { bits, wasmArray, type ArrayKind } from '../helpers/wasmArrays';

/*
 * The optimizer updates routed to wasm (asm/optim.ts) against their TypeScript references
 * (src/kernels/optim.ts), bit for bit on θ and every state buffer: sizes below the wasm threshold
 * (the reference runs) and above it with odd tails, several steps in a row, plain arrays (copied in
 * and out) and resident ones (used in place), and special values: ±0, ±Inf, NaN, huge and tiny
 * gradients.
 */

const SIZES = [1, 7, MIN_ELEMENTS - 1, MIN_ELEMENTS + 3, 4 * MIN_ELEMENTS + 2];

function fill(out: Float32Array, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-scale, scale);
  const specials = [0, -0, Infinity, -Infinity, NaN, 3e38, -1e-40, 1e-30];
  if (out.length > 64) specials.forEach((v, j) => (out[17 * j + 5] = v));
  return out;
}

/** A copy of `src` as `kind` (a resident one lives in the wasm memory until releaseResident). */
function as(kind: ArrayKind, src: Float32Array): Float32Array {
  const a = wasmArray(kind, src.length);
  a.set(src);
  return a;
}

describe.each(['js', 'wasm'] as const)('optimizer updates on the %s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend('wasm'));
  afterEach(() => backendState().wasm?.releaseResident());

  const kinds: ArrayKind[] = backend === 'wasm' ? ['plain', 'resident'] : ['plain'];

  describe.each(kinds)('%s arrays', (kind) => {
    it.each(SIZES)('sgdUpdate is bit-identical to the reference over 3 steps, n=%i', (n) => {
      const settings: Array<[number, boolean, number]> = [[0, false, 0], [0, false, 0.01], [0.9, false, 0], [0.9, true, 0.01], [0.5, false, 0.1]];
      for (const [momentum, nesterov, weightDecay] of settings) {
        const theta = as(kind, fill(new Float32Array(n), 1));
        const buf = as(kind, fill(new Float32Array(n), 3));
        const thetaRef = Float32Array.from(theta);
        const bufRef = Float32Array.from(buf);
        for (let step = 0; step < 3; step++) {
          const grad = as(kind, fill(new Float32Array(n), 10 + step, step === 2 ? 1e20 : 1));
          sgdUpdate(theta, grad, momentum ? buf : undefined, step === 0, 0.1, momentum, nesterov, weightDecay);
          sgdUpdateJs(thetaRef, grad, momentum ? bufRef : undefined, step === 0, 0.1, momentum, nesterov, weightDecay);
          expect(bits(theta)).toEqual(bits(thetaRef));
          expect(bits(buf)).toEqual(bits(bufRef));
        }
      }
    });

    it.each(SIZES)('adamUpdate (Adam and AdamW) is bit-identical to the reference over 4 steps, n=%i', (n) => {
      const settings: Array<[number, number, number, number, boolean]> = [
        // lr, beta1, beta2, weightDecay, decoupled
        [1e-3, 0.9, 0.999, 0, false],
        [1e-2, 0.8, 0.99, 0.01, false],
        [1e-3, 0.9, 0.999, 0.01, true],
        [0.5, 0, 0, 0.1, true],
      ];
      for (const [lr, beta1, beta2, weightDecay, decoupled] of settings) {
        const theta = as(kind, fill(new Float32Array(n), 1));
        const m = as(kind, new Float32Array(n));
        const v = as(kind, new Float32Array(n));
        const thetaRef = Float32Array.from(theta);
        const mRef = new Float32Array(n);
        const vRef = new Float32Array(n);
        for (let step = 1; step <= 4; step++) {
          const grad = as(kind, fill(new Float32Array(n), 20 + step, step === 3 ? 1e-20 : step === 4 ? 1e19 : 1));
          adamUpdate(theta, grad, m, v, step, lr, beta1, beta2, 1e-8, weightDecay, decoupled);
          adamUpdateJs(thetaRef, grad, mRef, vRef, step, lr, beta1, beta2, 1e-8, weightDecay, decoupled);
          expect(bits(theta)).toEqual(bits(thetaRef));
          expect(bits(m)).toEqual(bits(mRef));
          expect(bits(v)).toEqual(bits(vRef));
        }
      }
    });

    it.each(SIZES)('rmspropUpdate, adagradUpdate and adamaxUpdate are bit-identical to the reference over 3 steps, n=%i', (n) => {
      for (const momentum of [0, 0.9]) {
        const theta = as(kind, fill(new Float32Array(n), 1));
        const square = as(kind, new Float32Array(n));
        const buf = as(kind, new Float32Array(n));
        const [thetaRef, squareRef, bufRef] = [theta, square, buf].map((a) => Float32Array.from(a)) as [Float32Array, Float32Array, Float32Array];
        for (let step = 1; step <= 3; step++) {
          const grad = as(kind, fill(new Float32Array(n), 30 + step, step === 3 ? 1e19 : 1));
          rmspropUpdate(theta, grad, square, momentum ? buf : undefined, 1e-2, 0.99, 1e-8, momentum);
          rmspropUpdateJs(thetaRef, grad, squareRef, momentum ? bufRef : undefined, 1e-2, 0.99, 1e-8, momentum);
          expect([theta, square, buf].map(bits)).toEqual([thetaRef, squareRef, bufRef].map(bits));
        }
      }
      const theta = as(kind, fill(new Float32Array(n), 2));
      const sum = as(kind, fill(new Float32Array(n), 3).map(Math.abs));
      const [thetaRef, sumRef] = [Float32Array.from(theta), Float32Array.from(sum)];
      for (let step = 1; step <= 3; step++) {
        const grad = as(kind, fill(new Float32Array(n), 40 + step));
        adagradUpdate(theta, grad, sum, 0.1, 1e-10);
        adagradUpdateJs(thetaRef, grad, sumRef, 0.1, 1e-10);
        expect([theta, sum].map(bits)).toEqual([thetaRef, sumRef].map(bits));
      }
      for (const weightDecay of [0, 0.01]) {
        const t = as(kind, fill(new Float32Array(n), 4));
        const m = as(kind, new Float32Array(n));
        const u = as(kind, new Float32Array(n));
        const [tRef, mRef, uRef] = [t, m, u].map((a) => Float32Array.from(a)) as [Float32Array, Float32Array, Float32Array];
        for (let step = 1; step <= 3; step++) {
          const grad = as(kind, fill(new Float32Array(n), 50 + step, step === 2 ? 1e-20 : 1));
          adamaxUpdate(t, grad, m, u, step, 2e-3, 0.9, 0.999, 1e-8, weightDecay);
          adamaxUpdateJs(tRef, grad, mRef, uRef, step, 2e-3, 0.9, 0.999, 1e-8, weightDecay);
          expect([t, m, u].map(bits)).toEqual([tRef, mRef, uRef].map(bits));
        }
      }
    });
  });
});
