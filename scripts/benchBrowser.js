// `npm run bench:browser`: training speed of the browser bundle in headless Chromium, wasm (1 and
// 2 threads: the served page is cross-origin isolated, so Web Workers share the memory) against
// js, next to Node on the same machine. Workloads as in bench/bench.ts: the digits MLP 64-32-10
// (batch 32, examples/digits) and an MLP 784-256-128-10 (batch 64, synthetic). Prints a Markdown
// table with the load average. Run `npm run build` first.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { findChromium } = require('./chromium');
const { startServer } = require('./serve');

const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** Runs in the page and in Node alike: samples/s of fit after a warm-up epoch. */
function trainingRate(k, sizes, xData, labels, batchSize, seconds) {
  const rng = k.createRng(1);
  const model = new k.Sequential();
  sizes.slice(1).forEach((size, i) => {
    if (i > 0) model.add(new k.ReLU());
    model.add(new k.Linear(sizes[i], size, { rng, init: 'heUniform' }));
  });
  // xData null: `labels` is a row count, and the rows are uniform noise with random labels (seeded).
  const data = k.createRng(2);
  const rows = xData === null ? labels : labels.length;
  const x = xData === null ? k.Tensor.uniform([rows, sizes[0]], 0, 1, data) : k.Tensor.from(Float32Array.from(xData), [rows, sizes[0]]);
  const y = k.Tensor.from(xData === null ? Float32Array.from({ length: rows }, () => data.int(10)) : Float32Array.from(labels), [rows]);
  const options = { loss: new k.CrossEntropyLoss(), optimizer: new k.SGD({ lr: 0.05 }), batchSize, seed: 0 };
  let start = performance.now();
  model.fit(x, y, { ...options, epochs: 1 });
  const epochs = Math.max(1, Math.ceil((seconds * 1000) / (performance.now() - start)));
  start = performance.now();
  model.fit(x, y, { ...options, epochs });
  return (rows * epochs * 1000) / (performance.now() - start);
}

/**
 * Starts the GEMM workers before timing: one product large enough to split, then a pause (a Web
 * Worker comes up while the page yields, not during a synchronous fit).
 */
async function startWorkers(k) {
  if (k.getThreads() === 1) return;
  const size = 256;
  k.gemm(false, false, size, size, size, 1, new Float32Array(size * size), new Float32Array(size * size), 0, new Float32Array(size * size));
  await new Promise((resolve) => setTimeout(resolve, 500));
}

function workloads() {
  const lines = fs.readFileSync(path.join(root, 'examples/digits/digits.csv'), 'utf8').trim().split('\n').slice(1);
  const digits = lines.map((line) => line.split(',').map(Number));
  return [
    { name: 'digits MLP 64-32-10, batch 32', sizes: [64, 32, 10], batchSize: 32, x: digits.flatMap((r) => r.slice(0, 64).map((v) => v / 16)), y: digits.map((r) => r[64]) },
    { name: 'MLP 784-256-128-10, batch 64', sizes: [784, 256, 128, 10], batchSize: 64, x: null, y: 4096 },
  ];
}

async function main() {
  const load0 = os.loadavg();
  const server = await startServer({ root });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  const results = {};
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/test/browser/xor.html`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 60000 });
    await page.evaluate(`window.startWorkers = ${startWorkers.toString()}`);
    const version = browser.version();
    for (const w of workloads()) {
      results[w.name] = {};
      for (const [backend, threads] of [['wasm', 1], ['wasm', 2], ['js', 1]]) {
        results[w.name][`Chromium ${version.split('.')[0]} ${backend} ${threads}T`] = await page.evaluate(
          async ({ source, w, backend, threads, seconds }) => {
            const k = window.kubiki;
            k.setBackend(backend);
            k.setThreads(threads);
            await startWorkers(k);
            const rate = new Function(`return (${source})`)();
            return rate(k, w.sizes, w.x, w.y, w.batchSize, seconds);
          },
          { source: trainingRate.toString(), w, backend, threads, seconds: SECONDS },
        );
      }
      const k = require(path.join(root, 'dist/src'));
      for (const [backend, threads] of [['wasm', 1], ['wasm', 2], ['js', 1]]) {
        k.setBackend(backend);
        k.setThreads(threads);
        await startWorkers(k);
        results[w.name][`Node ${process.version} ${backend} ${threads}T`] = trainingRate(k, w.sizes, w.x, w.y, w.batchSize, SECONDS);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const load1 = os.loadavg();
  const columns = Object.keys(Object.values(results)[0]);
  console.log(`kubiki in the browser — training samples/s, ${os.cpus()[0]?.model ?? '?'} ×${os.availableParallelism()}`);
  console.log(`load average before ${load0.map((v) => v.toFixed(2)).join(' ')}, after ${load1.map((v) => v.toFixed(2)).join(' ')}`);
  console.log(`| workload | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const [name, row] of Object.entries(results)) {
    console.log(`| ${name} | ${columns.map((c) => Math.round(row[c]).toLocaleString('en-US')).join(' | ')} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
