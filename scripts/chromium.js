// Finds the Chromium executable for the browser tests, the screenshots and the browser bench:
// KUBIKI_CHROMIUM, else Debian's `chromium` (or a Chrome) on PATH. Never downloads a browser.
const { existsSync } = require('node:fs');
const path = require('node:path');

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function findChromium() {
  const fromEnv = process.env.KUBIKI_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`KUBIKI_CHROMIUM=${fromEnv}: no such file`);
    return fromEnv;
  }
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const directory of directories) {
      const file = path.join(directory, name);
      if (existsSync(file)) return file;
    }
  }
  throw new Error(
    `no Chromium found (looked for ${CANDIDATES.join(', ')} on PATH and KUBIKI_CHROMIUM); ` +
      'install it with `apt-get update && apt-get install -y chromium` (.ci/run does this)',
  );
}

module.exports = { findChromium };
