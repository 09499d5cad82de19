import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { importTfjs, loadModel, Tensor } from '../../src';
import { built, collectErrors, launchChromium, startServer } from '../helpers/browser';

/*
 * The playground (dist/web) in headless Chromium, driven through its controls: it trains two
 * spirals, its charts and inspector update, gradCheck passes, and what it exports reads back in
 * Node. window.playground.state() is the page's read-only view for these checks.
 */

interface State {
  backend: string;
  threads: number;
  running: boolean;
  epoch: number;
  step: number;
  history: { accuracy: number; valAccuracy: number; loss: number }[];
  boundaryVersion: number;
  lossChartVersion: number;
  layers: { name: string; outputNorm: number; gradNorm: number }[];
  gradCheck?: { ok: boolean; errors: Record<string, number> };
}

/** Generous for a loaded 2-core machine: training itself takes ~1–3 s of a free core. */
const TRAIN_BUDGET_MS = 40000;

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let page: Page;
let errors: string[];
let downloads: string;

const state = (): Promise<State> => page.evaluate(() => (globalThis as unknown as { playground: { state(): State } }).playground.state());

beforeAll(async () => {
  built('web/playground.js');
  downloads = mkdtempSync(path.join(tmpdir(), 'kubiki-playground-'));
  server = await startServer({ root: path.dirname(built('web/index.html')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  errors = collectErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body.ready', { timeout: 20000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(downloads, { recursive: true, force: true });
});

test('loads on the wasm backend and trains two spirals to accuracy ≥ 0.95, redrawing the curves and the boundary', async () => {
  const before = await state();
  expect(before.backend).toBe('wasm');
  // The server sends COOP/COEP, so the page is cross-origin isolated and takes two threads where there are two cores.
  const host = await page.evaluate(() => {
    const g = globalThis as unknown as { crossOriginIsolated: boolean; navigator: { hardwareConcurrency: number } };
    return { isolated: g.crossOriginIsolated, cores: g.navigator.hardwareConcurrency };
  });
  expect(host.isolated).toBe(true);
  expect(before.threads).toBe(Math.min(2, host.cores));
  expect(await page.locator('#dataset').inputValue()).toBe('spirals');
  await page.click('#train');
  await page.waitForFunction(
    () => {
      const history = (globalThis as unknown as { playground: { state(): State } }).playground.state().history;
      return (history[history.length - 1]?.accuracy ?? 0) >= 0.95;
    },
    null,
    { timeout: TRAIN_BUDGET_MS, polling: 200 },
  );
  await page.click('#train'); // pause
  await page.waitForFunction(() => !(globalThis as unknown as { playground: { state(): State } }).playground.state().running);
  const after = await state();
  expect(after.history[after.history.length - 1]!.accuracy).toBeGreaterThanOrEqual(0.95);
  expect(after.boundaryVersion).toBeGreaterThan(before.boundaryVersion + 2);
  expect(after.lossChartVersion).toBeGreaterThan(before.lossChartVersion + 2);
  // The status line and the charts are on the page.
  expect(await page.locator('#status').textContent()).toMatch(/^epoch \d+ · step \d+ · loss/);
  expect(await page.locator('#boundary canvas').count()).toBe(1);
  expect(await page.locator('#loss-chart svg .mark-line path').count()).toBe(2); // train and validation
});

test('Step trains exactly one batch; the inspector shows finite norms for every layer', async () => {
  const before = await state();
  await page.click('#step');
  await page.waitForTimeout(100);
  const after = await state();
  expect(after.step).toBe(before.step + 1);
  expect(after.layers.map((l) => l.name)).toEqual(['Linear', 'ReLU', 'Linear', 'ReLU', 'Linear']);
  for (const layer of after.layers) {
    expect(Number.isFinite(layer.gradNorm) && layer.gradNorm > 0).toBe(true);
    expect(Number.isFinite(layer.outputNorm) && layer.outputNorm > 0).toBe(true);
  }
  const shown = await page.locator('#layers td.norm').allTextContents();
  expect(shown).toHaveLength(2 * after.layers.length);
  for (const text of shown) expect(Number.isFinite(Number(text))).toBe(true);
});

test('Check gradients: every relative error below 1e-4 (float64), listed per tensor', async () => {
  await page.click('#gradcheck');
  await page.waitForFunction(() => (globalThis as unknown as { playground: { state(): State } }).playground.state().gradCheck !== undefined);
  const { gradCheck } = await state();
  expect(Object.keys(gradCheck!.errors)).toEqual(['input', '0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
  for (const value of Object.values(gradCheck!.errors)) expect(value).toBeLessThan(1e-4);
  expect(await page.locator('#gradcheck-table tr.ok').count()).toBe(7);
});

test('the exported kubiki JSON and TF.js files read back in Node with the same predictions', async () => {
  const points = [[0.1, 0.2], [-0.5, 0.7], [0.9, -0.3], [-1, -1]];
  const inPage = await page.evaluate((rows) => (globalThis as unknown as { playground: { predict(r: number[][]): number[] } }).playground.predict(rows), points);

  const [kubikiFile] = await Promise.all([page.waitForEvent('download'), page.click('#export-kubiki')]);
  expect(kubikiFile.suggestedFilename()).toBe('spirals.kubiki.json');
  const file = path.join(downloads, 'spirals.kubiki.json');
  await kubikiFile.saveAs(file);
  const fromJson = Array.from(loadModel(file).predict(Tensor.from(points)).data);
  fromJson.forEach((value, i) => expect(value).toBeCloseTo(inPage[i] as number, 5));

  const tfjs = path.join(downloads, 'tfjs');
  const saved: string[] = [];
  page.on('download', (d) => void d.saveAs(path.join(tfjs, d.suggestedFilename())).then(() => saved.push(d.suggestedFilename())));
  await page.click('#export-tfjs');
  await page.waitForFunction(() => true, null, { timeout: 1000 });
  for (let wait = 0; saved.length < 2 && wait < 50; wait++) await new Promise((r) => setTimeout(r, 100));
  expect(saved.sort()).toEqual(['model.json', 'weights.bin']);
  const fromTfjs = Array.from(importTfjs(tfjs).predict(Tensor.from(points)).data);
  fromTfjs.forEach((value, i) => expect(value).toBeCloseTo(inPage[i] as number, 5));

  // Loading the kubiki file back into the page gives the same model again.
  await page.click('#reset');
  await page.setInputFiles('#load', file);
  await page.waitForFunction(() => (globalThis as unknown as { playground: { state(): State } }).playground.state().step === 0);
  const reloaded = await page.evaluate((rows) => (globalThis as unknown as { playground: { predict(r: number[][]): number[] } }).playground.predict(rows), points);
  reloaded.forEach((value, i) => expect(value).toBeCloseTo(inPage[i] as number, 6));
});

test('step by step: every number of the forward and backward pass equals its formula', async () => {
  await page.click('nav button[data-view="step"]');
  await page.click('#step-all');
  const rows = page.locator('#step-table tr');
  expect(await rows.count()).toBe(13);
  const marks = await page.locator('#step-table tr td:last-child').allTextContents();
  expect(marks).toEqual(new Array(13).fill('✓'));
  expect(await page.locator('#step-table tr').first().locator('td').nth(1).textContent()).toBe('z¹ = x·W¹');
});

test('no console errors or uncaught exceptions on the page', () => {
  expect(errors).toEqual([]);
});
