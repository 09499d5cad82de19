// `npm run screenshot:report`: docs/report.png, the README's picture of a training report, made
// with the test tooling (headless Chromium through playwright-core): trains the iris example with
// --report into a temporary directory and photographs the page. Run `npm run build` first.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { findChromium } = require('./chromium');

const root = path.resolve(__dirname, '..');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubiki-report-'));
  const report = path.join(dir, 'report.html');
  const run = spawnSync(process.execPath, [
    path.join(root, 'dist/cli/main.js'), 'train', '--config', 'examples/iris/model.json',
    '--output', path.join(dir, 'iris.kubiki.json'), '--report', report, '--quiet',
  ], { encoding: 'utf8', cwd: root });
  if (run.status !== 0) throw new Error(`kubiki train failed:\n${run.stdout}${run.stderr}`);
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1150, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`file://${report}`);
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'docs/report.png'), fullPage: true });
    console.log('wrote docs/report.png');
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
