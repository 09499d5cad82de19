// The ES-module builds, run by `npm run build` after tsc: the library for browsers as one ES module
// (dist/browser/kubiki.mjs, the wasm module inlined), the playground (dist/web/), and the entry
// for Node's `import` (dist/esm/kubiki.mjs, re-exporting the CommonJS build).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

/** Resolves src/platform's './node' to './browser': the one swap between the Node and browser builds. */
const browserPlatform = {
  name: 'kubiki-browser-platform',
  setup(build) {
    build.onResolve({ filter: /^\.\/node$/ }, (args) =>
      path.basename(args.importer) === 'index.ts' && path.basename(args.resolveDir) === 'platform'
        ? { path: path.join(args.resolveDir, 'browser.ts') }
        : undefined,
    );
    // src/util/atomicWrite is Node's file writing: the browser bundle gets its stub.
    build.onResolve({ filter: /\/atomicWrite$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.join(root, 'src/util/atomicWrite')
        ? { path: path.join(root, 'src/platform/atomicWriteBrowser.ts') }
        : undefined,
    );
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  keepNames: true, // error.name (PlatformError, ShapeError, …) must survive minification
  sourcemap: true,
  legalComments: 'linked',
  loader: { '.wasm': 'binary' },
  plugins: [browserPlatform],
  logLevel: 'warning',
};

async function main() {
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/index.ts')],
    outfile: path.join(root, 'dist/browser/kubiki.mjs'),
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'web/src/main.ts')],
    outfile: path.join(root, 'dist/web/playground.js'),
  });
  for (const file of ['index.html', 'style.css']) fs.copyFileSync(path.join(root, 'web', file), path.join(root, 'dist/web', file));
  fs.mkdirSync(path.join(root, 'dist/web/data'), { recursive: true });
  fs.copyFileSync(path.join(root, 'examples/digits/digits.csv'), path.join(root, 'dist/web/data/digits.csv'));

  fs.mkdirSync(path.join(root, 'dist/esm'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/esm/kubiki.mjs'), "export * from '../src/index.js';\n");
}

module.exports = { browserPlatform, common };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
