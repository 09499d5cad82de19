import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { Sequential, Tensor } from '../../src';
import { built, collectErrors, launchChromium, ROOT, startServer } from '../helpers/browser';

/*
 * The browser bundle (dist/browser/kubiki.mjs) in headless Chromium: a <script type="module"> page
 * imports it, trains XOR with fitAsync on the wasm backend, and the model it produces reads back in
 * Node; the file APIs fail with a PlatformError naming the in-memory alternative.
 */

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let page: Page;
let errors: string[];

beforeAll(async () => {
  built('browser/kubiki.mjs');
  server = await startServer({ root: ROOT });
  browser = await launchChromium();
  page = await browser.newPage();
  errors = collectErrors(page);
  await page.goto(`${server.url}/test/browser/xor.html`);
  await page.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result !== undefined, null, { timeout: 20000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface XorResult {
  backend: string;
  accuracy: number;
  loss: number;
  predictions: number[];
  document: unknown;
}

test('a page imports the bundle and trains XOR to accuracy 1.0 on the wasm backend', async () => {
  const result = (await page.evaluate(() => (globalThis as unknown as { result: unknown }).result)) as XorResult;
  expect(errors).toEqual([]);
  expect(result.backend).toBe('wasm');
  expect(result.accuracy).toBe(1);
  expect(result.loss).toBeLessThan(0.05);
  // The page's model, read back in Node from its toJSON document, predicts the same numbers.
  const model = Sequential.fromJSON(result.document);
  const x = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const again = Array.from(model.predict(x).data);
  again.forEach((value, i) => expect(value).toBeCloseTo(result.predictions[i] as number, 6));
});

test('fitAsync lets the page run other tasks between batches', async () => {
  const { ticks, batches } = await page.evaluate(async () => {
    const k = (globalThis as unknown as { kubiki: typeof import('../../src') }).kubiki;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const x = k.Tensor.randn([2000, 4], k.createRng(3));
    const y = k.Tensor.randn([2000, 1], k.createRng(4));
    const model = new k.Sequential([new k.Linear(4, 64), new k.ReLU(), new k.Linear(64, 1)]);
    let batches = 0;
    await model.fitAsync(x, y, {
      loss: new k.MSELoss(), optimizer: new k.SGD({ lr: 0.01 }), epochs: 2, batchSize: 8, onBatchEnd: () => batches++,
    });
    clearInterval(timer);
    return { ticks, batches };
  });
  expect(batches).toBe(500);
  expect(ticks).toBeGreaterThan(10);
});

test('file APIs throw a PlatformError naming the in-memory alternative', async () => {
  const thrown = await page.evaluate(async () => {
    const k = (globalThis as unknown as { kubiki: typeof import('../../src') }).kubiki;
    const model = new k.Sequential([new k.Linear(2, 1)]);
    const calls: Record<string, () => unknown> = {
      loadModel: () => k.loadModel('m.kubiki.json'),
      saveModel: () => k.saveModel(model, 'm.kubiki.json'),
      loadCsv: () => k.loadCsv('data.csv'),
      exportTfjs: () => k.exportTfjs(model, 'out'),
    };
    return Object.entries(calls).map(([name, call]) => {
      try {
        call();
        return { name, error: 'nothing thrown' };
      } catch (error) {
        const e = error as { message: string; api: string } & Error;
        return { name, error: e.name, api: e.api, message: e.message, kubiki: e instanceof k.KubikiError };
      }
    });
  });
  expect(thrown).toEqual([
    expect.objectContaining({ name: 'loadModel', error: 'PlatformError', api: 'loadModel', kubiki: true }),
    expect.objectContaining({ name: 'saveModel', error: 'PlatformError', api: 'saveModel', kubiki: true }),
    expect.objectContaining({ name: 'loadCsv', error: 'PlatformError', api: 'loadCsv', kubiki: true }),
    expect.objectContaining({ name: 'exportTfjs', error: 'PlatformError', api: 'exportTfjs', kubiki: true }),
  ]);
  const messages = thrown.map((t) => (t as { message: string }).message);
  expect(messages[0]).toBe(
    'loadModel: expected a file system, got the browser build of kubiki (no files there); ' +
      "read the file's text (e.g. await file.text()) and call Sequential.fromJSON(JSON.parse(text))",
  );
  expect(messages[2]).toContain('parseCsv(text, name)');
  expect(messages[3]).toContain('tfjsArtifacts(model)');
});

test("the package's exports map: bundlers get the browser bundle, Node's import and require the CommonJS build", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubiki-exports-'));
  try {
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules', 'kubiki'), 'dir');
    writeFileSync(path.join(dir, 'app.mjs'), "import { Sequential, Linear } from 'kubiki';\nconsole.log(new Sequential([new Linear(2, 3)]).layers.length);\n");
    const result = await esbuild.build({
      entryPoints: [path.join(dir, 'app.mjs')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
      preserveSymlinks: true, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('dist/browser/kubiki.mjs'))).toBe(true);
    expect(inputs.some((input) => input.includes('dist/src/'))).toBe(false);
    // The same file under Node: `import` resolves to dist/esm/kubiki.mjs over the CommonJS build.
    expect(execFileSync(process.execPath, [path.join(dir, 'app.mjs')], { cwd: dir, encoding: 'utf8' }).trim()).toBe('1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
