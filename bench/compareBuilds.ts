/*
 * `node dist/bench/compareBuilds.js <before>/dist/src <after>/dist/src [mlp|cnn] [threads,…]`:
 * before/after of a change, both builds loaded into one process and timed interleaved (before,
 * after, before, after, …), so load from other jobs on a shared machine hits both alike. Trains
 * with fit on the wasm backend: the MLP 784-256-128-10 (batch 64, 8192 synthetic rows, SGD) or the
 * digits CNN of bench/cnn.ts (batch 64, SGD with momentum 0.9). Prints, per build and thread
 * count, samples/s of wall time and of this process's CPU time (the steadier one on a busy machine
 * with one thread; with two it also counts the workers' spinning), median and spread over ROUNDS
 * rounds (default 5) of EPOCHS epochs (default 2) after a warm-up epoch. OPTIMIZER=adam trains with
 * Adam (lr 1e-3) instead of SGD (workloads: bench/fitWorkloads.ts). A build older than commit
 * e92faf2 can train on overlapping buffers when another build's memory grows in the same process
 * (test/kernels/residentStale.test.ts): time such a build with bench/fitRate.ts, one process per
 * run. Not a test.
 */
import * as os from 'node:os';
import { WORKLOADS, fitRate, workloadData, type Kubiki, type Workload } from './fitWorkloads';

const [beforePath, afterPath, workload = 'mlp', threadList = '1,2'] = process.argv.slice(2);
if (!beforePath || !afterPath || !WORKLOADS.includes(workload as Workload)) {
  console.error('usage: node dist/bench/compareBuilds.js <before dist/src> <after dist/src> [mlp|cnn] [threads,…]');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builds: Record<string, Kubiki> = { before: require(beforePath) as Kubiki, after: require(afterPath) as Kubiki };
const rounds = Number(process.env.ROUNDS ?? 5);
const epochs = Number(process.env.EPOCHS ?? 2);

const sets = Object.fromEntries(Object.entries(builds).map(([name, k]) => [name, workloadData(k, workload as Workload)]));

function rate(name: string, threads: number): { wall: number; cpu: number } {
  return fitRate(builds[name] as Kubiki, workload as Workload, sets[name] as ReturnType<typeof workloadData>, threads, epochs);
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
