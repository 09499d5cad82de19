import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataError } from '../errors';
import type { FileSystem, Platform } from './Platform';

/** The Node.js platform: real files, worker_threads, process.env. */

const files: FileSystem = {
  readText: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => readFileSync(path),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  writeAtomic(path, data, where) {
    const directory = nodePath.dirname(path);
    const temporary = nodePath.join(directory, `.${nodePath.basename(path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      mkdirSync(directory, { recursive: true });
      writeFileSync(temporary, data);
      renameSync(temporary, path);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was created (the directory itself is unusable): nothing to clean up.
      }
      throw new DataError(`${where}: cannot write "${path}": ${(error as Error).message}`);
    }
  },
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
  wasmBytes(file) {
    const found = wasmFile(file);
    return found === undefined ? undefined : readFileSync(found);
  },
  startWorker(source, workerData) {
    const worker = new Worker(source, { eval: true, workerData });
    worker.unref();
    return { terminate: () => void worker.terminate() };
  },
  yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
};
