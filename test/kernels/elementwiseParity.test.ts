import { addRowVector, reluBackward, reluForward, setBackend, sumRows } from '../../src/kernels';
import { reluBackward as reluBackwardJs, reluForward as reluForwardJs } from '../../src/kernels/activations';
import { addRowVector as addRowVectorJs, sumRows as sumRowsJs } from '../../src/kernels/rows';
import { MIN_ELEMENTS } from '../../src/kernels/wasm/elementwiseWasm';
import { createRng } from '../../src/tensor/rng';

/*
 * The kernels routed to wasm (wasmDispatch.ts) against the TypeScript references they replace, on
 * both backends: results must be bit-identical, for sizes below the wasm threshold (JS runs) and
 * above it with odd tails (wasm runs), including zeros and negative zeros for ReLU's kink. The
 * optimizer updates are in optimParity.test.ts.
 */

function random(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
  if (size > 4) {
    out[1] = 0;
    out[3] = -0;
  }
  return out;
}

const SIZES = [1, 3, 17, 63, 65, 257, MIN_ELEMENTS + 3, 4 * MIN_ELEMENTS + 1];
/** [rows, cols] with rows·cols on both sides of the threshold and cols not a multiple of 4. */
const MATRICES: Array<[number, number]> = [[1, 1], [3, 17], [17, 63], [65, 257], [257, 3], [33, 65]];

describe.each(['js', 'wasm'] as const)('elementwise kernels on the %s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend('wasm'));

  it.each(SIZES)('reluForward and reluBackward match the reference for n=%i', (n) => {
    const x = random(n, n);
    const dy = random(n, n + 1);
    const y = new Float32Array(n).fill(NaN);
    const want = new Float32Array(n);
    reluForward(x, y);
    reluForwardJs(x, want);
    expect(y).toEqual(want);
    const dx = new Float32Array(n).fill(NaN);
    reluBackward(x, dy, dx);
    reluBackwardJs(x, dy, want);
    expect(dx).toEqual(want);
  });

  it.each(MATRICES)('addRowVector and sumRows match the reference for %i×%i', (rows, cols) => {
    const x = random(rows * cols, rows);
    const v = random(cols, cols);
    const got = x.slice();
    const want = x.slice();
    addRowVector(got, v, rows, cols);
    addRowVectorJs(want, v, rows, cols);
    expect(got).toEqual(want);
    for (const beta of [0, 1, 0.5]) {
      const out = random(cols, 9);
      const expected = out.slice();
      sumRows(x, rows, cols, out, beta);
      sumRowsJs(x, rows, cols, expected, beta);
      expect(out).toEqual(expected);
    }
  });
});
