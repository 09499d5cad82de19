/*
 * `npm run bench`: GEMM throughput and training throughput, printed as a table and one JSON line.
 * Not a test: numbers depend on the machine and on what else runs on it. Each rate is given per
 * second of wall time and per second of this process's CPU time: on a shared machine the second
 * one is closer to what an idle machine would do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrossEntropyLoss, Linear, ReLU, SGD, Sequential, Tensor, createRng, kernels } from '../src';

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds of `fn`. */
function timed(fn: () => void): Timing {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** work / time, per wall second and per CPU second. */
function rates(work: number, time: Timing): Timing {
  return { wall: work / time.wall, cpu: work / time.cpu };
}

/** GFLOP/s of C = A·B for n×n float32 matrices (2n³ flops per call), best of a few timed runs. */
function gemmGflops(n: number): Timing {
  const rng = createRng(n);
  const a = Tensor.uniform([n, n], -1, 1, rng).data;
  const b = Tensor.uniform([n, n], -1, 1, rng).data;
  const c = new Float32Array(n * n);
  kernels.gemm(false, false, n, n, n, 1, a, b, 0, c); // warm-up: JIT and packing buffers
  const reps = Math.max(1, Math.round(2e8 / (2 * n ** 3)));
  let best: Timing = { wall: 0, cpu: 0 };
  for (let trial = 0; trial < 3; trial++) {
    const time = timed(() => {
      for (let r = 0; r < reps; r++) kernels.gemm(false, false, n, n, n, 1, a, b, 0, c);
    });
    const rate = rates((reps * 2 * n ** 3) / 1e9, time);
    best = { wall: Math.max(best.wall, rate.wall), cpu: Math.max(best.cpu, rate.cpu) };
  }
  return best;
}

/** Training samples per second of `model` on (x, y) over `epochs`, after a one-epoch warm-up. */
function trainingRate(model: Sequential, x: Tensor, y: Tensor, epochs: number, batchSize: number): Timing {
  const options = { loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.05 }), batchSize, seed: 0 };
  model.fit(x, y, { ...options, epochs: 1 });
  return rates((x.shape[0] as number) * epochs, timed(() => model.fit(x, y, { ...options, epochs })));
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
  const table: [string, string, string, string][] = [['', 'per wall second', 'per CPU second', '']];
  const add = (name: string, key: string, rate: Timing, unit: string, digits: number): void => {
    results[key] = rate.wall;
    results[`${key}Cpu`] = rate.cpu;
    const format = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    table.push([name, format(rate.wall), format(rate.cpu), unit]);
  };
  for (const n of [128, 256, 512, 1024]) add(`gemm float32 ${n}×${n}×${n}`, `gemm${n}Gflops`, gemmGflops(n), 'GFLOP/s', 2);
  const synthetic = syntheticMnistLike(8192);
  const big = trainingRate(mlp([784, 256, 128, 10], 1), synthetic.x, synthetic.y, 2, 64);
  add('train MLP 784-256-128-10, batch 64', 'mlp784SamplesPerSec', big, 'samples/s', 0);
  const data = digits();
  const small = trainingRate(mlp([64, 32, 10], 2), data.x, data.y, 10, 32);
  add('train MLP 64-32-10 on digits, batch 32', 'digitsSamplesPerSec', small, 'samples/s', 0);

  const widths = [0, 1, 2, 3].map((c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(`kubiki benchmark (node ${process.version}, ${process.platform}/${process.arch})`);
  for (const row of table) {
    console.log(row.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
  }
  const rounded = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  console.log(JSON.stringify(rounded));
}

main();
