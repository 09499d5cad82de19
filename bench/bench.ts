/*
 * `npm run bench`: kubiki (js and wasm backends, 1 and 2 threads) against TensorFlow.js (cpu and
 * wasm) on three workloads — GEMM GFLOP/s at 128..1024, training an MLP 784-256-128-10 (batch 64,
 * 8192 synthetic samples, SGD; kubiki also with its Linear layers written as autograd Modules; both
 * libraries also with Adam) and an MLP 64-32-10 on the digits set (batch 32) in samples/s — then
 * heap/RSS over 50 epochs of the digits MLP. Prints tables and one JSON line. Not a test: the
 * numbers depend on the machine and on what else runs on it (the load average is printed).
 * `--quick` shortens every timing (a smoke run).
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import {
  Adam, CrossEntropyLoss, Linear, ReLU, SGD, Sequential, Tensor, createRng, gemm, getKernelInfo, setBackend, setThreads,
} from '../src';
import { AutogradLinear } from './autogradLinear';
import { fmaPeakGflops, fmaPeakGflopsThreads } from './fmaPeak';
import { useTf, tfGemmGflops, tfTrainingRate, type TfBackend } from './tfjs';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 0.3 : 3;
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

interface Workload {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly x: Tensor;
  readonly y: Tensor;
  readonly batchSize: number;
  /** Linear layers written as autograd Modules (bench/autogradLinear.ts) instead of the built-in one. */
  readonly autograd?: boolean;
  /** Adam (lr 1e-3) instead of SGD (lr 0.05): the optimizer most users train with. */
  readonly adam?: boolean;
}

type Config = { kind: 'kubiki'; backend: 'js' | 'wasm'; threads: number } | { kind: 'tfjs'; backend: TfBackend };

const CONFIGS: readonly Config[] = [
  { kind: 'kubiki', backend: 'js', threads: 1 },
  { kind: 'kubiki', backend: 'wasm', threads: 1 },
  { kind: 'kubiki', backend: 'wasm', threads: 2 },
  { kind: 'tfjs', backend: 'cpu' },
  { kind: 'tfjs', backend: 'wasm' },
];

const label = (c: Config): string =>
  c.kind === 'kubiki' ? `kubiki ${c.backend}${c.backend === 'wasm' ? ` ${c.threads}T` : ''}` : `tfjs ${c.backend}`;

/** GFLOP/s of C = A·B for n×n float32 matrices (2n³ flops per call), best of 3 timed runs. */
function gemmGflops(n: number): number {
  const rng = createRng(n);
  const a = Tensor.uniform([n, n], -1, 1, rng).data;
  const b = Tensor.uniform([n, n], -1, 1, rng).data;
  const c = new Float32Array(n * n);
  for (let i = 0; i < 3; i++) gemm(false, false, n, n, n, 1, a, b, 0, c); // JIT tier-up, workers
  let best = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    let reps = 0;
    const start = now();
    do {
      gemm(false, false, n, n, n, 1, a, b, 0, c);
      reps++;
    } while (now() - start < SECONDS / 3);
    best = Math.min(best, (now() - start) / reps);
  }
  return (2 * n ** 3) / best / 1e9;
}

function mlp(sizes: readonly number[], seed: number, autograd = false): Sequential {
  const rng = createRng(seed);
  const model = new Sequential();
  sizes.slice(1).forEach((size, i) => {
    if (i > 0) model.add(new ReLU());
    const inputSize = sizes[i] as number;
    model.add(autograd ? new AutogradLinear(inputSize, size, rng) : new Linear(inputSize, size, { rng, init: 'heUniform' }));
  });
  return model;
}

/** Training samples/s with fit: one warm-up epoch, then enough whole epochs to fill SECONDS. */
function trainingRate(w: Workload): number {
  const model = mlp(w.sizes, 1, w.autograd);
  const optimizer = w.adam ? new Adam({ lr: 1e-3 }) : new SGD({ lr: 0.05 });
  const options = { loss: new CrossEntropyLoss(), optimizer, batchSize: w.batchSize, seed: 0 };
  const rows = w.x.shape[0] as number;
  let start = now();
  model.fit(w.x, w.y, { ...options, epochs: 1 });
  const epochs = Math.max(1, Math.ceil(SECONDS / (now() - start)));
  start = now();
  model.fit(w.x, w.y, { ...options, epochs });
  return (rows * epochs) / (now() - start);
}

function syntheticMnistLike(rows: number): { x: Tensor; y: Tensor } {
  const rng = createRng(1);
  return {
    x: Tensor.uniform([rows, 784], 0, 1, rng),
    y: Tensor.from(Array.from({ length: rows }, () => rng.int(10))),
  };
}

function digits(): { x: Tensor; y: Tensor } {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'digits', 'digits.csv'), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  return {
    x: Tensor.from(rows.map((r) => r.slice(0, 64).map((v) => v / 16))),
    y: Tensor.from(rows.map((r) => r[64] as number)),
  };
}

/** Heap and RSS (MB) after a full GC at epochs 1, 10 and 50 of fit on the digits MLP. */
function memoryOverEpochs(w: Workload): { epoch: number; heapMB: number; rssMB: number }[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const model = mlp(w.sizes, 1);
  const samples: { epoch: number; heapMB: number; rssMB: number }[] = [];
  model.fit(w.x, w.y, {
    loss: new CrossEntropyLoss(),
    optimizer: new SGD({ lr: 0.05 }),
    batchSize: w.batchSize,
    epochs: 50,
    seed: 0,
    onEpochEnd: (epoch) => {
      if (![0, 9, 49].includes(epoch)) return;
      gc?.();
      const m = process.memoryUsage();
      samples.push({ epoch: epoch + 1, heapMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 });
    },
  });
  return samples;
}

async function select(c: Config): Promise<Awaited<ReturnType<typeof useTf>> | undefined> {
  if (c.kind === 'tfjs') return useTf(c.backend);
  setBackend(c.backend);
  setThreads(c.threads);
  if (c.threads > 1) {
    // Workers start asynchronously: let them come up before timing.
    gemmGflops(256);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}

const fmt = (v: number): string => (Number.isNaN(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

async function main(): Promise<void> {
  const load0 = os.loadavg();
  const synthetic = syntheticMnistLike(8192);
  const digitData = digits();
  const workloads: Workload[] = [
    { name: 'MLP 784-256-128-10 b64', sizes: [784, 256, 128, 10], ...synthetic, batchSize: 64 },
    { name: 'same MLP, autograd Linear', sizes: [784, 256, 128, 10], ...synthetic, batchSize: 64, autograd: true },
    { name: 'same MLP, Adam', sizes: [784, 256, 128, 10], ...synthetic, batchSize: 64, adam: true },
    { name: 'digits 64-32-10 b32', sizes: [64, 32, 10], ...digitData, batchSize: 32 },
  ];
  const gemmSizes = [128, 256, 512, 1024];
  const rows = [...gemmSizes.map((n) => `GEMM ${n}³ GFLOP/s`), ...workloads.map((w) => `${w.name} samples/s`)];
  const results: Record<string, Record<string, number>> = {};

  for (const config of CONFIGS) {
    const name = label(config);
    const tf = await select(config);
    const column: Record<string, number> = {};
    for (const n of gemmSizes) {
      column[`GEMM ${n}³ GFLOP/s`] = tf ? tfGemmGflops(tf, n, SECONDS) : gemmGflops(n);
    }
    for (const w of workloads) {
      const labels = Int32Array.from(w.y.data);
      column[`${w.name} samples/s`] = tf
        ? w.autograd ? NaN : tfTrainingRate(tf, w.sizes, w.x.data as Float32Array, labels, w.batchSize, SECONDS, w.adam ? 'adam' : 'sgd')
        : trainingRate(w);
    }
    results[name] = column;
    console.error(`done: ${name}`);
  }

  const names = Object.keys(results);
  const header = ['', ...names, 'wasm 1T / tfjs-wasm', 'wasm 2T / tfjs-wasm'];
  const table = rows.map((row) => {
    const tfWasm = results['tfjs wasm']?.[row] ?? NaN;
    return [
      row,
      ...names.map((n) => fmt(results[n]?.[row] ?? NaN)),
      ...['kubiki wasm 1T', 'kubiki wasm 2T'].map((n) => {
        const ratio = (results[n]?.[row] ?? NaN) / tfWasm;
        return Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`;
      }),
    ];
  });
  setBackend('wasm');
  setThreads(1);
  const memory = memoryOverEpochs(workloads.find((w) => w.name.startsWith('digits')) as Workload);
  // The ceiling for the GEMM rows: 128-bit FMA chains on registers, one thread and two at once.
  const peak1 = fmaPeakGflops(SECONDS);
  const peak2 = await fmaPeakGflopsThreads(2, SECONDS);
  const load1 = os.loadavg();

  console.log(`kubiki benchmark — node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus()[0]?.model ?? '?'} ×${os.availableParallelism()}`);
  setBackend('wasm');
  const info = getKernelInfo();
  console.log(`kubiki wasm module ${info.module ?? 'none'} (fma ${info.fma}); KUBIKI_FMA=0 selects the plain SIMD build`);
  console.log(`load average before ${load0.map((v) => v.toFixed(2)).join(' ')}, after ${load1.map((v) => v.toFixed(2)).join(' ')}`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const line of table) console.log(`| ${line.join(' | ')} |`);
  const [builtIn, autograd] = workloads.slice(0, 2).map((w) => `${w.name} samples/s`) as [string, string];
  const slowdown = names
    .filter((n) => n.startsWith('kubiki'))
    .map((n) => `${n} ${((results[n]?.[builtIn] ?? NaN) / (results[n]?.[autograd] ?? NaN)).toFixed(2)}×`);
  const gemm512 = 'GEMM 512³ GFLOP/s';
  const share = (v: number | undefined, p: number | undefined): string => (v && p ? `${((100 * v) / p).toFixed(0)} %` : '—');
  console.log(
    `\nwasm FMA peak (12 register-only f32x4.relaxed_madd chains): 1 thread ${peak1 ? fmt(peak1) : '—'} GFLOP/s, ` +
      `2 threads at once ${peak2 ? fmt(peak2) : '—'}; ${gemm512} reaches ${share(results['kubiki wasm 1T']?.[gemm512], peak1)} of it ` +
      `on 1 thread, ${share(results['kubiki wasm 2T']?.[gemm512], peak2)} on 2`,
  );
  console.log(`\nautograd Linear (a Module: x.matmul(w).add(b)), training time relative to the built-in Linear: ${slowdown.join(', ')}`);
  console.log('\nheap/RSS over 50 epochs of the digits MLP (kubiki wasm, 1 thread, after a full GC):');
  for (const m of memory) console.log(`  epoch ${String(m.epoch).padStart(2)}: heap ${m.heapMB.toFixed(1)} MB, RSS ${m.rssMB.toFixed(1)} MB`);
  console.log(JSON.stringify({ results, memory, fmaPeak: { threads1: peak1, threads2: peak2 }, load: { before: load0, after: load1 } }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
