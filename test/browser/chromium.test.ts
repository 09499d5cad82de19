import { findChromium } from '../helpers/browser';

// Without a browser the browser tests fail (they call findChromium in beforeAll), saying how to install one.
describe('findChromium', () => {
  const saved = { path: process.env.PATH, chromium: process.env.KUBIKI_CHROMIUM };
  afterEach(() => {
    process.env.PATH = saved.path;
    if (saved.chromium === undefined) delete process.env.KUBIKI_CHROMIUM;
    else process.env.KUBIKI_CHROMIUM = saved.chromium;
  });

  it('throws the install command when no browser is on PATH', () => {
    delete process.env.KUBIKI_CHROMIUM;
    process.env.PATH = '/nonexistent';
    expect(() => findChromium()).toThrow(
      'no Chromium found (looked for chromium, chromium-browser, google-chrome, google-chrome-stable on PATH and KUBIKI_CHROMIUM); ' +
        'install it with `apt-get update && apt-get install -y chromium` (.ci/run does this)',
    );
  });

  it('names a KUBIKI_CHROMIUM that does not exist', () => {
    process.env.KUBIKI_CHROMIUM = '/nonexistent/chromium';
    expect(() => findChromium()).toThrow('KUBIKI_CHROMIUM=/nonexistent/chromium: no such file');
  });
});
