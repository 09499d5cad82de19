// `npm run screenshots`: the README's pictures of the playground, made with the test tooling
// (headless Chromium through playwright-core): docs/playground.png, docs/inspector.png,
// docs/step-by-step.png. Run `npm run build` first.
const path = require('node:path');
const fs = require('node:fs');
const { chromium } = require('playwright-core');
const { findChromium } = require('./chromium');
const { startServer } = require('./serve');

const root = path.resolve(__dirname, '..');
const docs = path.join(root, 'docs');

async function main() {
  fs.mkdirSync(docs, { recursive: true });
  const server = await startServer({ root: path.join(root, 'dist/web') });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body.ready', { timeout: 30000 });
    await page.click('#train');
    await page.waitForFunction(() => {
      const history = window.playground.state().history;
      return history.length >= 30 && history[history.length - 1].accuracy >= 0.97;
    }, null, { timeout: 120000, polling: 250 });
    await page.click('#train');
    await page.waitForFunction(() => !window.playground.state().running);
    await page.click('#gradcheck');
    await page.waitForTimeout(800);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(docs, 'playground.png') });
    await page.locator('section.inspector').screenshot({ path: path.join(docs, 'inspector.png') });
    await page.click('nav button[data-view="step"]');
    await page.click('#step-all');
    await page.waitForTimeout(200);
    await page.locator('#step-view section').screenshot({ path: path.join(docs, 'step-by-step.png') });
    console.log(`wrote ${['playground.png', 'inspector.png', 'step-by-step.png'].map((f) => path.join('docs', f)).join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
