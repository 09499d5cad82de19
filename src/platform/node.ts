import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as nodePath from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { atomicWrite } from '../util/atomicWrite';
import type { FileSystem, Platform } from './Platform';

/** The Node.js platform: real files, worker_threads, process.env. */

const files: FileSystem = {
  readText: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => readFileSync(path),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  openRead(path) {
    const fd = openSync(path, 'r');
    return { read: (buffer, offset, length) => readSync(fd, buffer, offset, length, null), close: () => closeSync(fd) };
  },
  size: (path) => statSync(path, { throwIfNoEntry: false })?.size,
  writeAtomic: atomicWrite,
};


/**
 * Where `npm run build` puts the wasm modules: dist/wasm. This file runs either compiled
 * (dist/src/platform) or as source under ts-jest (src/platform).
 */
function wasmFile(file: string): string | undefined {
  const candidates = [nodePath.resolve(__dirname, '../../wasm', file), nodePath.resolve(__dirname, '../../dist/wasm', file)];
  return candidates.find((candidate) => existsSync(candidate));
}

export const platform: Platform = {
  name: 'node',
  files: () => files,
  path: nodePath,
  env: (name) => process.env[name],
  availableParallelism,
  threadsUnavailable: () => undefined,
  canBlock: () => true,
  wasmBytes(file) {
    const found = wasmFile(file);
    if (found === undefined) return undefined;
    // Node 20's V8 validates relaxed SIMD (the FMA module) only behind a flag, read at compile
    // time: set before the module is compiled. Flags are per process; workers inherit it.
    if (file === 'kubiki-fma.wasm') setFlagsFromString('--experimental-wasm-relaxed-simd');
    return readFileSync(found);
  },
  startWorker(source, workerData) {
    const worker = new Worker(`const { workerData } = require('node:worker_threads');\n${source}`, { eval: true, workerData });
    worker.unref();
    return { terminate: () => void worker.terminate() };
  },
  yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
};
