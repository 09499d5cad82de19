import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/*
 * Headless Chromium for the browser tests: Debian's `chromium` package (installed by .ci/run when
 * missing) or the executable in KUBIKI_CHROMIUM. No browser is ever downloaded; when none is found
 * the tests fail with the command that installs one.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { findChromium } = require('../../scripts/chromium.js') as { findChromium(): string };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true });
}

export const ROOT = path.resolve(__dirname, '../..');

/** The built file `relative` (under dist/), or a failure saying to build first. */
export function built(relative: string): string {
  const file = path.join(ROOT, 'dist', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run 'npm run build' before the browser tests`);
  return file;
}

/** Console errors and uncaught exceptions of `page`, collected from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startServer } = require('../../scripts/serve.js') as {
  startServer(options: { root: string; port?: number; isolated?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
};
