/*
 * `npm run bench`: GEMM throughput and training throughput, printed as a table and one JSON line.
 * Not a test: numbers depend on the machine and on what else runs on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrossEntropyLoss, Linear, ReLU, SGD, Sequential, Tensor, createRng, kernels } from '../src';

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** GFLOP/s of C = A·B for n×n float32 matrices (2n³ flops per call), best of a few timed runs. */
function gemmGflops(n: number): number {
  const rng = createRng(n);
  const a = Tensor.uniform([n, n], -1, 1, rng).data;
  const b = Tensor.uniform([n, n], -1, 1, rng).data;
  const c = new Float32Array(n * n);
  kernels.gemm(false, false, n, n, n, 1, a, b, 0, c); // warm-up: JIT and packing buffers
  const reps = Math.max(1, Math.round(2e8 / (2 * n ** 3)));
  let best = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    const start = now();
    for (let r = 0; r < reps; r++) kernels.gemm(false, false, n, n, n, 1, a, b, 0, c);
    best = Math.min(best, (now() - start) / reps);
  }
  return (2 * n ** 3) / best / 1e9;
}

/** Training samples per second of `model` on (x, y) over `epochs`, after a one-epoch warm-up. */
function trainingRate(model: Sequential, x: Tensor, y: Tensor, epochs: number, batchSize: number): number {
  const options = { loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.05 }), batchSize, seed: 0 };
  model.fit(x, y, { ...options, epochs: 1 });
  const start = now();
  model.fit(x, y, { ...options, epochs });
  return ((x.shape[0] as number) * epochs) / (now() - start);
}

function mlp(sizes: number[], seed: number): Sequential {
  const rng = createRng(seed);
  const model = new Sequential();
  sizes.slice(1).forEach((size, i) => {
    if (i > 0) model.add(new ReLU());
    model.add(new Linear(sizes[i] as number, size, { rng, init: 'heUniform' }));
  });
  return model;
}

function syntheticMnistLike(rows: number): { x: Tensor; y: Tensor } {
  const rng = createRng(1);
  const x = Tensor.uniform([rows, 784], 0, 1, rng);
  const y = Tensor.from(Array.from({ length: rows }, () => rng.int(10)));
  return { x, y };
}

function digits(): { x: Tensor; y: Tensor } {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'digits', 'digits.csv'), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  return {
    x: Tensor.from(rows.map((r) => r.slice(0, 64).map((v) => v / 16))),
    y: Tensor.from(rows.map((r) => r[64] as number)),
  };
}

function main(): void {
  const results: Record<string, number> = {};
  const table: [string, string][] = [];
  for (const n of [128, 256, 512, 1024]) {
    const value = gemmGflops(n);
    results[`gemm${n}Gflops`] = value;
    table.push([`gemm float32 ${n}×${n}×${n}`, `${value.toFixed(2)} GFLOP/s`]);
  }
  const synthetic = syntheticMnistLike(8192);
  const big = trainingRate(mlp([784, 256, 128, 10], 1), synthetic.x, synthetic.y, 2, 64);
  results.mlp784SamplesPerSec = big;
  table.push(['train MLP 784-256-128-10, batch 64', `${Math.round(big).toLocaleString('en-US')} samples/s`]);
  const data = digits();
  const small = trainingRate(mlp([64, 32, 10], 2), data.x, data.y, 10, 32);
  results.digitsSamplesPerSec = small;
  table.push(['train MLP 64-32-10 on digits, batch 32', `${Math.round(small).toLocaleString('en-US')} samples/s`]);

  const width = Math.max(...table.map(([name]) => name.length));
  console.log(`kubiki benchmark (node ${process.version}, ${process.platform}/${process.arch})`);
  for (const [name, value] of table) console.log(`${name.padEnd(width)}  ${value.padStart(18)}`);
  const rounded = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  console.log(JSON.stringify(rounded));
}

main();
