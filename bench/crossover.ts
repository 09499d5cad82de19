/*
 * `node dist/bench/crossover.js`: where splitting a GEMM across two threads starts to pay. Times
 * each shape on one thread and split in two (threshold forced to 0), and prints the speed-up
 * against m·n·k; PARALLEL_MIN_MACS in src/kernels/wasm/gemmWasm.ts is set from this table.
 */
import { createRng, gemm, setBackend, setThreads, Tensor } from '../src';
import { PARALLEL_MIN_MACS, setParallelMinMacs } from '../src/kernels/wasm/gemmWasm';

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

function secondsPerCall(transA: boolean, transB: boolean, m: number, n: number, k: number): number {
  const rng = createRng(m + n + k);
  const a = Tensor.uniform([m * k], -1, 1, rng).data;
  const b = Tensor.uniform([k * n], -1, 1, rng).data;
  const c = new Float32Array(m * n);
  for (let i = 0; i < 5; i++) gemm(transA, transB, m, n, k, 1, a, b, 0, c);
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    let reps = 0;
    const start = now();
    do {
      gemm(transA, transB, m, n, k, 1, a, b, 0, c);
      reps++;
    } while (now() - start < 0.05);
    best = Math.min(best, (now() - start) / reps);
  }
  return best;
}

async function main(): Promise<void> {
  setBackend('wasm');
  setParallelMinMacs(0, false);
  setThreads(2);
  secondsPerCall(false, false, 256, 256, 256);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const shapes: Array<[boolean, boolean, number, number, number]> = [
    [false, false, 32, 32, 64], [false, false, 32, 64, 64], [false, false, 64, 64, 64], [false, false, 64, 128, 64],
    [false, false, 64, 128, 128], [false, false, 64, 256, 128], [false, false, 64, 256, 256],
    [false, false, 64, 256, 784], [true, false, 784, 256, 64], [false, true, 64, 784, 256],
    [false, false, 64, 128, 256], [true, false, 256, 128, 64], [false, true, 64, 256, 128],
    [false, false, 128, 128, 128], [false, false, 256, 256, 256],
  ];
  console.log(`current PARALLEL_MIN_MACS = ${PARALLEL_MIN_MACS}`);
  console.log('| op | m·n·k | 1 thread µs | 2 threads µs | speed-up |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [transA, transB, m, n, k] of shapes.sort((x, y) => x[2] * x[3] * x[4] - y[2] * y[3] * y[4])) {
    setThreads(1);
    const one = secondsPerCall(transA, transB, m, n, k);
    setThreads(2);
    const two = secondsPerCall(transA, transB, m, n, k);
    const op = `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} ${m}×${n}×${k}`;
    console.log(`| ${op} | ${m * n * k} | ${(one * 1e6).toFixed(1)} | ${(two * 1e6).toFixed(1)} | ${(one / two).toFixed(2)} |`);
  }
}

void main();
