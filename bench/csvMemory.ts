/*
 * `npm run bench:csv`: memory and speed of reading a large CSV. Generates (once, under the system's
 * temporary directory, never in the repository) a 200 MB file of 2.16 M rows × 11 columns: 10
 * numeric features and a class label. Then, each in a fresh process so that peak RSS is that
 * job's alone:
 *   1. loadCsv alone: MB/s (file size over wall time of the parse) and peak RSS;
 *   2. `kubiki train` on it for one epoch of a small model: peak RSS and wall time;
 *   3. `kubiki predict` over it, streaming its output to a file: peak RSS and wall time.
 * Peak RSS is process.resourceUsage().maxRSS at exit. `-- --load-only` runs step 1 alone. On a busy
 * machine the wall-clock rate says little; the rate per CPU second of the parse is printed too. Not a test: the numbers depend on the machine
 * and its load (the load average is printed with them).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, loadCsv } from '../src';

const ROWS = 2_160_000;
const FEATURES = 10;
const DIR = join(tmpdir(), 'kubiki-bench-csv');
const FILE = join(DIR, 'big.csv');
const MAIN = join(__dirname, '..', 'cli', 'main.js');

function generate(): void {
  if (existsSync(FILE) && statSync(FILE).size > 190e6) return;
  mkdirSync(DIR, { recursive: true });
  const rng = createRng(1);
  const fd = openSync(FILE, 'w');
  writeSync(fd, `${Array.from({ length: FEATURES }, (_, i) => `x${i}`).join(',')},label\n`);
  let block = '';
  for (let r = 0; r < ROWS; r++) {
    let sum = 0;
    const cells: string[] = [];
    for (let c = 0; c < FEATURES; c++) {
      const value = rng.normal(0, 3);
      sum += value;
      cells.push(value.toFixed(5));
    }
    block += `${cells.join(',')},${sum > 0 ? 'pos' : 'neg'}\n`;
    if (block.length > 1 << 20) {
      writeSync(fd, block);
      block = '';
    }
  }
  writeSync(fd, block);
  closeSync(fd);
}

/** In the child: parse, then report. */
function childLoad(): void {
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const data = loadCsv(FILE);
  const cpu = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mb = statSync(FILE).size / 1e6;
  process.stdout.write(
    JSON.stringify({ rows: data.x.shape[0], seconds, cpuSeconds, mbPerSecond: mb / seconds, mbPerCpuSecond: mb / cpuSeconds, peakMB: process.resourceUsage().maxRSS / 1024 }),
  );
}

function measure(args: string[]): { seconds: number; peakMB: number; stdout: string } {
  const reporter = join(DIR, 'peak-rss.js');
  writeFileSync(reporter, "process.on('exit', () => require('fs').writeSync(2, `\\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--require', reporter, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const match = /PEAK_RSS_KB (\d+)/.exec(result.stderr);
  return { seconds, peakMB: Number(match?.[1] ?? NaN) / 1024, stdout: result.stdout };
}

function main(): void {
  if (process.argv[2] === '--child-load') return childLoad();
  const only = process.argv[2] === '--load-only';
  console.log(`Generating ${FILE} (once)…`);
  generate();
  const mb = statSync(FILE).size / 1e6;
  console.log(`File: ${mb.toFixed(1)} MB, ${ROWS} rows × ${FEATURES + 1} columns`);

  const load = JSON.parse(measure([__filename, '--child-load']).stdout) as {
    seconds: number;
    cpuSeconds: number;
    mbPerSecond: number;
    mbPerCpuSecond: number;
    peakMB: number;
  };
  console.log(
    `loadCsv:         ${load.seconds.toFixed(2)} s wall (${load.mbPerSecond.toFixed(1)} MB/s), ${load.cpuSeconds.toFixed(2)} s CPU ` +
      `(${load.mbPerCpuSecond.toFixed(1)} MB per CPU second), peak RSS ${load.peakMB.toFixed(0)} MB (${(load.peakMB / mb).toFixed(2)}× the file)`,
  );

  if (only) return console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores)`);
  const config = join(DIR, 'model.json');
  writeFileSync(
    config,
    JSON.stringify({
      model: { inputShape: [FEATURES], layers: [{ type: 'Linear', outputSize: 16 }, { type: 'ReLU' }, { type: 'Linear', outputSize: 2 }] },
      loss: { type: 'CrossEntropyLoss' },
      optimizer: { type: 'Adam', lr: 0.01 },
      data: { train: FILE, label: 'label', validationSplit: 0.1, normalize: 'standard' },
      training: { epochs: 1, batchSize: 256, seed: 0 },
      output: { model: join(DIR, 'model.kubiki.json'), history: join(DIR, 'history.csv') },
    }),
  );
  const train = measure([MAIN, 'train', '--config', config, '--quiet']);
  console.log(`train, 1 epoch:  ${train.seconds.toFixed(1)} s, peak RSS ${train.peakMB.toFixed(0)} MB (${(train.peakMB / mb).toFixed(2)}× the file)`);
  const predict = measure([MAIN, 'predict', '--model', join(DIR, 'model.kubiki.json'), '--data', FILE, '--output', join(DIR, 'predictions.csv')]);
  console.log(`predict:         ${predict.seconds.toFixed(1)} s, peak RSS ${predict.peakMB.toFixed(0)} MB (${(predict.peakMB / mb).toFixed(2)}× the file)`);
  console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores)`);
}

main();
