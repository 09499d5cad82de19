/*
 * `node dist/bench/fitRate.js <dist/src> [mlp|cnn] [threads] [epochs]`: one build, one workload
 * (bench/fitWorkloads.ts; OPTIMIZER=adam for Adam), in a process of its own; prints samples/s of
 * wall and CPU time as one line. For before/after runs where two builds must not share a process
 * (bench/compareBuilds.ts explains when), alternate the builds from the shell, e.g.
 *   for r in 1 2 3 4 5; do for b in <before> <after>; do node dist/bench/fitRate.js $b/dist/src cnn 1 3; done; done
 * and compare the medians. Not a test.
 */
import { WORKLOADS, fitRate, workloadData, type Kubiki, type Workload } from './fitWorkloads';

const [buildPath, workload = 'mlp', threads = '1', epochs = '3'] = process.argv.slice(2);
if (!buildPath || !WORKLOADS.includes(workload as Workload)) {
  console.error('usage: node dist/bench/fitRate.js <dist/src> [mlp|cnn] [threads] [epochs]');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k = require(buildPath) as Kubiki;
const rate = fitRate(k, workload as Workload, workloadData(k, workload as Workload), Number(threads), Number(epochs));
const optimizer = process.env.OPTIMIZER === 'adam' ? 'Adam' : 'SGD';
console.log(`${buildPath} ${workload} (${optimizer}) ${threads}T: ${Math.round(rate.wall)} samples/s wall, ${Math.round(rate.cpu)} per CPU-second`);
