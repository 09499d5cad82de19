/*
 * `node dist/bench/compareBuilds.js <before>/dist/src <after>/dist/src [mlp|cnn] [threads,…]`:
 * before/after of a change, both builds loaded into one process and timed interleaved (before,
 * after, before, after, …), so load from other jobs on a shared machine hits both alike. Trains
 * with fit on the wasm backend: the MLP 784-256-128-10 (batch 64, 8192 synthetic rows, SGD) or the
 * digits CNN of bench/cnn.ts (batch 64, SGD with momentum 0.9). Prints, per build and thread
 * count, samples/s of wall time and of this process's CPU time (the steadier one on a busy machine
 * with one thread; with two it also counts the workers' spinning), median and spread over ROUNDS
 * rounds (default 5) of EPOCHS epochs (default 2) after a warm-up epoch. OPTIMIZER=adam trains with
 * Adam (lr 1e-3) instead of SGD. Not a test.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';

type Kubiki = typeof import('../src');

const [beforePath, afterPath, workload = 'mlp', threadList = '1,2'] = process.argv.slice(2);
if (!beforePath || !afterPath || (workload !== 'mlp' && workload !== 'cnn')) {
  console.error('usage: node dist/bench/compareBuilds.js <before dist/src> <after dist/src> [mlp|cnn] [threads,…]');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builds: Record<string, Kubiki> = { before: require(beforePath) as Kubiki, after: require(afterPath) as Kubiki };
const rounds = Number(process.env.ROUNDS ?? 5);
const epochs = Number(process.env.EPOCHS ?? 2);
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

function data(k: Kubiki): { x: import('../src').Tensor; y: import('../src').Tensor } {
  if (workload === 'cnn') {
    const root = join(__dirname, __dirname.includes(join('dist', 'bench')) ? '../..' : '..');
    const rows = readFileSync(join(root, 'examples', 'digits', 'digits.csv'), 'utf8').trim().split('\n').slice(1)
      .map((line) => line.split(',').map(Number));
    const n = Math.floor(rows.length / 64) * 64;
    return {
      x: k.Tensor.from(rows.slice(0, n).map((r) => r.slice(0, 64).map((v) => v / 16))),
      y: k.Tensor.from(rows.slice(0, n).map((r) => r[64] as number)),
    };
  }
  const rng = k.createRng(1);
  return { x: k.Tensor.uniform([8192, 784], 0, 1, rng), y: k.Tensor.from(Array.from({ length: 8192 }, () => rng.int(10))) };
}

function model(k: Kubiki): import('../src').Sequential {
  const rng = k.createRng(1);
  if (workload === 'cnn') {
    return new k.Sequential([
      new k.Reshape([1, 8, 8]), new k.Conv2D(1, 16, 3, { padding: 'same', rng }), new k.BatchNorm2D(16), new k.ReLU(),
      new k.MaxPool2D(2), new k.Conv2D(16, 32, 3, { padding: 'same', rng }), new k.ReLU(), new k.Flatten(),
      new k.Linear(512, 10, { rng }),
    ]);
  }
  return new k.Sequential([
    new k.Linear(784, 256, { rng, init: 'heUniform' }), new k.ReLU(), new k.Linear(256, 128, { rng, init: 'heUniform' }),
    new k.ReLU(), new k.Linear(128, 10, { rng, init: 'heUniform' }),
  ]);
}

const sets = Object.fromEntries(Object.entries(builds).map(([name, k]) => [name, data(k)]));

function rate(name: string, threads: number): { wall: number; cpu: number } {
  const k = builds[name] as Kubiki;
  const { x, y } = sets[name] as ReturnType<typeof data>;
  k.setBackend('wasm');
  k.setThreads(threads);
  const net = model(k);
  const options = {
    loss: new k.CrossEntropyLoss(),
    optimizer: process.env.OPTIMIZER === 'adam' ? new k.Adam({ lr: 1e-3 }) : new k.SGD({ lr: 0.05, momentum: workload === 'cnn' ? 0.9 : 0 }),
    batchSize: 64, seed: 0,
  };
  net.fit(x, y, { ...options, epochs: 1 });
  const cpu0 = process.cpuUsage();
  const start = now();
  net.fit(x, y, { ...options, epochs });
  const wall = now() - start;
  const cpu = process.cpuUsage(cpu0);
  const samples = (x.shape[0] as number) * epochs;
  return { wall: samples / wall, cpu: samples / ((cpu.user + cpu.system) / 1e6) };
}

async function main(): Promise<void> {
  for (const k of Object.values(builds)) {
    // Start each build's workers before timing.
    k.setBackend('wasm');
    k.setThreads(2);
    const a = new Float32Array(256 * 256);
    for (let i = 0; i < 3; i++) k.gemm(false, false, 256, 256, 256, 1, a, a, 0, new Float32Array(256 * 256));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const threads = threadList.split(',').map(Number);
  const load0 = os.loadavg()[0] as number;
  const results = new Map<string, { wall: number[]; cpu: number[] }>();
  for (let r = 0; r < rounds; r++) {
    for (const t of threads) {
      for (const name of Object.keys(builds)) {
        const key = `${name} ${t}T`;
        const entry = results.get(key) ?? { wall: [], cpu: [] };
        const { wall, cpu } = rate(name, t);
        entry.wall.push(wall);
        entry.cpu.push(cpu);
        results.set(key, entry);
      }
    }
  }
  const load1 = os.loadavg()[0] as number;
  const summary = (v: number[]): string => {
    const s = [...v].sort((a, b) => a - b);
    return `median ${Math.round(s[s.length >> 1] as number)} (${Math.round(s[0] as number)}–${Math.round(s[s.length - 1] as number)})`;
  };
  console.log(`${workload}${process.env.OPTIMIZER === 'adam' ? ' (Adam)' : ''}, ${rounds} rounds × ${epochs} epochs, load average ${load0.toFixed(2)} → ${load1.toFixed(2)}`);
  for (const [key, v] of results) console.log(`  ${key.padEnd(10)} samples/s wall ${summary(v.wall)}, per CPU-second ${summary(v.cpu)}`);
}

void main();
