/*
 * The two training workloads the before/after scripts time (bench/compareBuilds.ts in one process,
 * bench/fitRate.ts one build per process), written once for any build of the library: the MLP
 * 784-256-128-10 on 8192 synthetic rows (SGD lr 0.05) and the digits CNN of bench/cnn.ts on the
 * digits set cut to whole batches (SGD lr 0.05, momentum 0.9); batch 64, wasm backend. With
 * OPTIMIZER=adam both train with Adam (lr 1e-3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Kubiki = typeof import('../src');
export type Workload = 'mlp' | 'cnn';
type Tensor = import('../src').Tensor;

export const WORKLOADS: readonly Workload[] = ['mlp', 'cnn'];

export function workloadData(k: Kubiki, workload: Workload): { x: Tensor; y: Tensor } {
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

function workloadModel(k: Kubiki, workload: Workload): import('../src').Sequential {
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

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/**
 * Trains a fresh model one warm-up epoch, then `epochs` more; returns samples per second of wall
 * time and of this process's CPU time (which also counts GEMM workers' spinning on two threads).
 */
export function fitRate(
  k: Kubiki, workload: Workload, data: { x: Tensor; y: Tensor }, threads: number, epochs: number,
): { wall: number; cpu: number } {
  const { x, y } = data;
  k.setBackend('wasm');
  k.setThreads(threads);
  const net = workloadModel(k, workload);
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
