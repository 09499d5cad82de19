/*
 * `node dist/bench/convLayers.js`: Conv2D's forward and backward on the wasm backend (1 thread) for
 * the two convolutions of the digits CNN (bench/cnn.ts), batch 64, split into the kernels the layer
 * calls. Not a test: numbers depend on the machine and its load.
 * Times are this process's CPU time (steadier than wall time on a shared machine). Every buffer is resident in the wasm
 * memory, as inside fit(). Prints CPU microseconds per call (median of REPS timings of ITERS calls).
 *   conv1: 1 → 16 channels on 8×8, 3×3 'same'  (gemm K = 9)
 *   conv2: 16 → 32 channels on 4×4, 3×3 'same' (gemm K = 144)
 */
import { Conv2D, Tensor, createRng, setBackend, setThreads } from '../src';
import * as kernels from '../src/kernels';
import { addChannelBias, col2im, gemm, im2col, sumChannels, swapLeadingAxes, type ConvGeometry } from '../src/kernels';
import { beginResidentFit } from '../src/kernels/resident';
import { enterBufferReuse, exitBufferReuse, reuseOrZeros, workArray } from '../src/tensor/reuse';

const ITERS = Number(process.env.ITERS ?? 2000);
const REPS = Number(process.env.REPS ?? 7);

/** CPU microseconds per call of `f`: median over REPS timings of ITERS calls, after a warm-up. */
function time(f: () => void): number {
  for (let i = 0; i < ITERS; i++) f();
  const samples: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < ITERS; i++) f();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / ITERS);
  }
  samples.sort((a, b) => a - b);
  return samples[REPS >> 1] as number;
}

function fill(a: Float32Array, seed: number): void {
  const rng = createRng(seed);
  for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
}

const direct = 'directConvForward' in kernels && 'directConvFilterGrad' in kernels
  ? { forward: kernels.directConvForward, filterGrad: kernels.directConvFilterGrad }
  : undefined;

function layer(name: string, batch: number, inC: number, outC: number, size: number, first: boolean): void {
  const conv = new Conv2D(inC, outC, 3, { padding: 'same', rng: createRng(1) });
  const resident = beginResidentFit(conv.paramGrads());
  enterBufferReuse();
  try {
    const x = reuseOrZeros(undefined, [batch, inC, size, size], 'float32');
    fill(x.data as Float32Array, 2);
    const dy = reuseOrZeros(undefined, [batch, outC, size, size], 'float32');
    fill(dy.data as Float32Array, 3);
    const g: ConvGeometry = {
      batch, channels: inC, height: size, width: size, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1,
      padTop: 1, padLeft: 1, outH: size, outW: size,
    };
    const plane = size * size;
    const columns = batch * plane;
    const rows = inC * 9;
    const cols = workArray(undefined, rows * columns, 'float32') as Float32Array;
    const yT = workArray(undefined, outC * columns, 'float32') as Float32Array;
    const y = workArray(undefined, outC * columns, 'float32') as Float32Array;
    const dyT = workArray(undefined, outC * columns, 'float32') as Float32Array;
    const dcols = workArray(undefined, rows * columns, 'float32') as Float32Array;
    const dx = workArray(undefined, batch * inC * plane, 'float32') as Float32Array;
    const w = conv.weight.value.data as Float32Array;
    const dw = conv.weight.grad.data as Float32Array;
    const b = conv.bias!.value.data as Float32Array;
    const db = conv.bias!.grad.data as Float32Array;
    const xs = x.data as Float32Array;
    const dys = dy.data as Float32Array;
    const parts: (readonly [string, () => void])[] = [
      ['forward: Conv2D.forward (whole layer)', () => conv.forward(x)],
      ['  im2col', () => im2col(xs, g, cols)],
      [`  gemm W·cols (${outC}×${columns}×${rows})`, () => gemm(false, false, outC, columns, rows, 1, w, cols, 0, yT)],
      ['  addChannelBias', () => addChannelBias(yT, b, 1, outC, columns)],
      ['  swapLeadingAxes', () => swapLeadingAxes(yT, outC, batch, plane, y)],
      // A build without the direct kernels (copied here to time an older build) skips these lines.
      ...(direct ? [['  direct 3×3 forward (incl. bias)', () => direct.forward(xs, w, b, g, outC, y)] as const] : []),
      [first ? 'backward: Conv2D.backwardParams (dW, db)' : 'backward: Conv2D.backward (dW, db, dX)', () => {
        if (first) conv.backwardParams(dy);
        else conv.backward(dy);
      }],
      ['  swapLeadingAxes dY', () => swapLeadingAxes(dys, batch, outC, plane, dyT)],
      [`  gemm dW += dYᵀ·colsᵀ (${outC}×${rows}×${columns})`, () => gemm(false, true, outC, rows, columns, 1, dyT, cols, 1, dw)],
      ['  sumChannels', () => sumChannels(dys, batch, outC, plane, db)],
      ...(direct ? [['  direct 3×3 dW', () => direct.filterGrad(xs, dys, g, outC, dw)] as const] : []),
    ];
    if (!first) {
      parts.push([`  gemm dcols = Wᵀ·dYᵀ (${rows}×${columns}×${outC})`, () => gemm(true, false, rows, columns, outC, 1, w, dyT, 0, dcols)]);
      parts.push(['  col2im', () => col2im(dcols, g, dx)]);
    }
    console.log(`${name}: ${inC}→${outC} on ${size}×${size}, batch ${batch}`);
    for (const [label, f] of parts) console.log(`${label.padEnd(48)} ${time(f).toFixed(2).padStart(8)} µs`);
  } finally {
    exitBufferReuse();
    resident.end();
  }
}

setBackend('wasm');
setThreads(1);
void Tensor;
layer('conv1', 64, 1, 16, 8, true);
layer('conv2', 64, 16, 32, 4, false);
