// A static file server on 127.0.0.1 for the playground (`npm run playground`) and the browser tests.
// With { isolated: true } pages are cross-origin isolated (COOP/COEP headers), which browsers
// require before they hand a page SharedArrayBuffer.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `root`; resolves to { url, close } once listening (port 0 picks a free port). */
function startServer({ root, port = 0, isolated = true }) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let file = path.normalize(path.join(base, decodeURIComponent(url.pathname)));
    if (!file.startsWith(base)) {
      response.writeHead(403).end('outside the served directory');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (error, data) => {
      if (error) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
        return;
      }
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (isolated) {
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      response.writeHead(200, headers).end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${address.port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

module.exports = { startServer };

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const root = path.resolve(__dirname, '../dist/web');
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`${root}/index.html is missing: run 'npm run build' first`);
    process.exit(1);
  }
  startServer({ root, port }).then(({ url }) => console.log(`kubiki playground: ${url}/  (Ctrl-C stops)`));
}
