import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { built, collectErrors, launchChromium, ROOT, startServer } from '../helpers/browser';

/*
 * Threads in the browser: in a cross-origin-isolated page (the test server sends COOP/COEP, as
 * `npm run playground` does) products split across Web Workers and give the one-thread results bit
 * for bit, on the page's main thread (which spins) and inside a module Web Worker (which blocks);
 * a page without isolation gets a PlatformError naming the headers. The bundle of threadsProbe.ts
 * is the library plus the pool's internals, to see that the workers did run chunks.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { browserPlatform, common } = require('../../scripts/buildBrowser.js') as { browserPlatform: esbuild.Plugin; common: esbuild.BuildOptions };

type Kubiki = typeof import('./threadsProbe');
type Server = { url: string; close(): Promise<void> };

let browser: Browser;
let isolated: Server;
let plain: Server;
let dir: string;

/** The page's globals used here (the tests compile without lib "DOM"). */
interface PageGlobals {
  kubiki: Kubiki;
  crossOriginIsolated: boolean;
  navigator: { hardwareConcurrency: number };
  Worker: new (url: string, options: { type: 'module' }) => {
    onmessage: (event: { data: unknown }) => void;
    onerror: (event: { message: string }) => void;
    postMessage(message: unknown): void;
    terminate(): void;
  };
}

/** A page of `server` that has imported `bundle` as globalThis.kubiki, and its console errors from now on. */
async function pageWith(server: Server, bundle: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/blank.html?bundle=${bundle}`);
  await page.waitForFunction(() => (globalThis as unknown as { kubiki?: unknown }).kubiki !== undefined, null, { timeout: 20000 });
  return { page, errors };
}

beforeAll(async () => {
  built('browser/kubiki.mjs');
  // Served root: the probe bundle and a blank page, with dist/ and test/ of the repository linked in.
  dir = mkdtempSync(path.join(tmpdir(), 'kubiki-threads-'));
  symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), 'dir');
  symlinkSync(path.join(ROOT, 'test'), path.join(dir, 'test'), 'dir');
  writeFileSync(
    path.join(dir, 'blank.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>kubiki threads</title>\n<link rel="icon" href="data:,">\n' +
      '<script type="module">globalThis.kubiki = await import(new URLSearchParams(location.search).get("bundle"));</script>\n',
  );
  await esbuild.build({
    ...common,
    plugins: [browserPlatform],
    sourcemap: false,
    legalComments: 'none',
    entryPoints: [path.join(__dirname, 'threadsProbe.ts')],
    outfile: path.join(dir, 'probe.mjs'),
  });
  isolated = await startServer({ root: dir, isolated: true });
  plain = await startServer({ root: dir, isolated: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('in a cross-origin-isolated page, products split across a Web Worker equal the one-thread products bit for bit', async () => {
  const { page, errors } = await pageWith(isolated, '/probe.mjs');
  const result = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const k = g.kubiki;
    const defaults = { isolated: g.crossOriginIsolated, threads: k.getThreads(), cores: g.navigator.hardwareConcurrency };
    k.setParallelMinMacs(0, false); // split every product, however small: the chunk edges get exercised
    const pool = k.gemmPool(k.backendState().wasm!);
    k.setThreads(2);
    // The worker starts while the page yields (it cannot start while this thread runs).
    for (let i = 0; i < 500 && pool.ensure(1) < 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = pool.ensure(1);
    const rng = k.createRng(9);
    const random = (size: number): Float32Array => Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
    const cases = [];
    // Split along n (wide C) and along m (tall C), odd sizes, every transpose, alpha and beta.
    for (const [m, n, kk] of [[65, 257, 63], [257, 65, 63], [3, 17, 65], [130, 520, 300]] as const) {
      for (const [transA, transB, alpha, beta] of [[false, false, 1, 0], [true, false, -0.5, 1], [false, true, 2, 0.25], [true, true, 1, 0]] as const) {
        const a = random(m * kk);
        const b = random(kk * n);
        const c0 = random(m * n);
        const one = c0.slice();
        const two = c0.slice();
        k.setThreads(1);
        k.gemm(transA, transB, m, n, kk, alpha, a, b, beta, one);
        k.setThreads(2);
        // The worker may be asleep when the product is posted and take no chunk: retry a few times.
        let workerChunks = 0;
        for (let attempt = 0; attempt < 20 && workerChunks === 0; attempt++) {
          two.set(c0);
          k.gemm(transA, transB, m, n, kk, alpha, a, b, beta, two);
          workerChunks = pool.chunks - pool.ownChunks;
        }
        let differ = 0;
        for (let i = 0; i < one.length; i++) if (one[i] !== two[i]) differ++;
        cases.push({ shape: `${m}x${n}x${kk} ${transA}/${transB}`, chunks: pool.chunks, workerChunks, differ });
      }
    }
    k.setParallelMinMacs(k.PARALLEL_MIN_MACS);
    return { defaults, ready, info: k.getKernelInfo(), threads: k.getThreads(), cases };
  });
  expect(result.defaults.isolated).toBe(true);
  // Where the page is isolated, the default is every core (as in Node), at most 8.
  expect(result.defaults.threads).toBe(Math.min(result.defaults.cores, 8));
  expect(result.ready).toBe(1);
  expect(result.threads).toBe(2);
  expect(result.info).toMatchObject({ backend: 'wasm', threads: 2 });
  for (const c of result.cases) {
    expect(c).toEqual({ shape: c.shape, chunks: c.chunks, workerChunks: expect.any(Number), differ: 0 });
    expect(c.chunks).toBeGreaterThan(1);
  }
  // The worker ran chunks (a busy machine may starve it of a core through all retries of a product, not of most).
  expect(result.cases.filter((c) => c.workerChunks > 0).length).toBeGreaterThan(3);
  expect(errors).toEqual([]);
});

test('setThreads(2) trains an MLP 784-256-128-10 to the same weights as one thread, with the public bundle', async () => {
  const { page, errors } = await pageWith(isolated, '/dist/browser/kubiki.mjs');
  const result = await page.evaluate(async () => {
    const k = (globalThis as unknown as PageGlobals).kubiki;
    const data = k.createRng(6);
    const x = k.Tensor.uniform([256, 784], 0, 1, data);
    const y = k.Tensor.from(Float32Array.from({ length: 256 }, () => data.int(10)), [256]);
    const train = async (threads: number) => {
      k.setThreads(threads);
      const rng = k.createRng(5);
      const model = new k.Sequential([
        new k.Linear(784, 256, { rng }), new k.ReLU(), new k.Linear(256, 128, { rng }), new k.ReLU(), new k.Linear(128, 10, { rng }),
      ]);
      const history = await model.fitAsync(x, y, { loss: new k.CrossEntropyLoss(), optimizer: new k.SGD({ lr: 0.05 }), epochs: 3, batchSize: 64, seed: 0 });
      return { loss: history.loss, weights: model.paramGrads().flatMap((p) => Array.from(p.value.data)), info: k.getKernelInfo() };
    };
    const one = await train(1);
    // A first epoch starts the worker (fitAsync yields between batches, so it comes up meanwhile).
    await train(2);
    const two = await train(2);
    let maxDiff = 0;
    one.weights.forEach((w, i) => (maxDiff = Math.max(maxDiff, Math.abs(w - two.weights[i]!))));
    return { losses: [one.loss, two.loss], maxDiff, info: [one.info, two.info], threads: k.getThreads() };
  });
  expect(result.info[0]).toMatchObject({ backend: 'wasm', threads: 1 });
  expect(result.info[1]).toMatchObject({ backend: 'wasm', threads: 2 });
  expect(result.threads).toBe(2);
  expect(result.maxDiff).toBe(0);
  expect(result.losses[1]).toEqual(result.losses[0]);
  expect(errors).toEqual([]);
});

test('a module Web Worker trains with the bundle while the page keeps running, and splits products with its own workers', async () => {
  const { page, errors } = await pageWith(isolated, '/dist/browser/kubiki.mjs');
  const run = (bundle: string, threaded: boolean) =>
    page.evaluate(
      async ({ bundle, threaded }) => {
        const worker = new (globalThis as unknown as PageGlobals).Worker('/test/browser/trainWorker.mjs', { type: 'module' });
        let ticks = 0;
        const timer = setInterval(() => ticks++, 0);
        const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
          worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
          worker.onerror = (event) => reject(new Error(`worker: ${event.message}`));
          worker.postMessage({ bundle, threaded });
        });
        clearInterval(timer);
        worker.terminate();
        return { ...result, ticks } as Record<string, unknown> & { ticks: number };
      },
      { bundle, threaded },
    );
  const publicBundle = await run('/dist/browser/kubiki.mjs', false);
  expect(publicBundle).toMatchObject({ crossOriginIsolated: true, backend: 'wasm', accuracy: 1 });
  expect(publicBundle.loss as number).toBeLessThan(0.05);
  // The page ran its timer all along (fit blocks the worker, not the page).
  expect(publicBundle.ticks).toBeGreaterThan(10);

  const threaded = await run('/probe.mjs', true);
  expect(threaded).toMatchObject({ accuracy: 1, poolReady: true, threads: 2, maxDiff: 0 });
  // Its own GEMM workers ran chunks of the 2-thread fit's products (any of ~40; a busy machine may starve them of a few).
  expect(threaded.workerChunks as number).toBeGreaterThan(0);
  const losses = threaded.losses as number[];
  expect(losses[1]).toBe(losses[0]);
  expect(errors).toEqual([]);
});

test('in a page without cross-origin isolation, setThreads(2) is a PlatformError naming the headers, and one thread still trains', async () => {
  const { page, errors } = await pageWith(plain, '/dist/browser/kubiki.mjs');
  const result = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const k = g.kubiki;
    const before = k.getThreads();
    let thrown: { name: string; message: string; api: string; kubiki: boolean } | undefined;
    try {
      k.setThreads(2);
    } catch (error) {
      const e = error as Error & { api: string };
      thrown = { name: e.name, message: e.message, api: e.api, kubiki: e instanceof k.KubikiError };
    }
    k.setThreads(1);
    const x = k.Tensor.randn([64, 4], k.createRng(1));
    const y = k.Tensor.randn([64, 1], k.createRng(2));
    const model = new k.Sequential([new k.Linear(4, 8), new k.ReLU(), new k.Linear(8, 1)]);
    const history = model.fit(x, y, { loss: new k.MSELoss(), optimizer: new k.SGD({ lr: 0.01 }), epochs: 2, batchSize: 16 });
    return { isolated: g.crossOriginIsolated, before, after: k.getThreads(), thrown, backend: k.getBackend(), loss: history.loss.at(-1) };
  });
  expect(result).toMatchObject({ isolated: false, before: 1, after: 1, backend: 'wasm' });
  expect(Number.isFinite(result.loss)).toBe(true);
  expect(result.thrown).toEqual({
    name: 'PlatformError',
    api: 'setThreads',
    kubiki: true,
    message:
      'setThreads: expected 1 thread in a page that is not cross-origin isolated (browsers share memory between threads only there), got 2; ' +
      'serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, or call setThreads(1)',
  });
  expect(errors).toEqual([]);
});
