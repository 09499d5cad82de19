import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureBuilt, IRIS, kubiki, removeTempDirs, smallConfig, tempDir, writeIn } from '../cli/runCli';
import { collectErrors, launchChromium } from '../helpers/browser';

// The report written by `kubiki train --report` opened in headless Chromium (file://, no server,
// no network): every chart rendered with marks and a non-zero size, and no page errors.

let browser: Browser;

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

test('the charts of a training report render in Chromium', async () => {
  const dir = tempDir();
  const config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
  const report = join(dir, 'report.html');
  const run = kubiki('train', '--config', config, '--report', report, '--quiet');
  expect(run.code).toBe(0);

  const page = await browser.newPage();
  const errors = collectErrors(page);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) requests.push(request.url());
  });
  await page.goto(`file://${report}`);
  const charts = await page.$$eval('figure > svg', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        width: box.width,
        height: box.height,
        lines: svg.querySelectorAll('g.mark-line path').length,
        rects: svg.querySelectorAll('g.mark-rect path').length,
        title: svg.querySelector('g.role-title text')?.textContent ?? '',
      };
    }),
  );
  expect(charts.map((c) => c.title)).toEqual([
    'Loss', 'Accuracy', 'Learning rate', 'Confusion matrix',
    'Gradient L2 norm (mean over the epoch\u2019s batches)', 'Weight L2 norm (end of epoch)',
  ]);
  for (const chart of charts) {
    expect(chart.width).toBeGreaterThan(100);
    expect(chart.height).toBeGreaterThan(100);
  }
  expect(charts.map((c) => c.lines)).toEqual([2, 2, 1, 0, 4, 4]); // train/validation; lr; one line per parameter
  expect(charts[3]?.rects).toBe(9); // 3 × 3 confusion matrix
  expect(errors).toEqual([]);
  expect(requests).toEqual([]);
});
