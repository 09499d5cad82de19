// esbuild's binary loader inlines the module as a Uint8Array (see scripts/buildBrowser.js).
import kubikiWasm from '../../dist/wasm/kubiki.wasm';
import kubikiFmaWasm from '../../dist/wasm/kubiki-fma.wasm';
import { PlatformError } from '../errors';
import { IN_MEMORY, type FileApi, type Platform } from './Platform';
import { posixPath } from './posixPath';

/**
 * The browser platform: no files, no environment, one thread; the wasm module travels inside the
 * bundle (4 KB), so loading it needs no fetch and no server configuration.
 */

const WASM: Readonly<Record<string, Uint8Array>> = { 'kubiki.wasm': kubikiWasm, 'kubiki-fma.wasm': kubikiFmaWasm };

function noFiles(api: FileApi): never {
  throw new PlatformError(`${api}: expected a file system, got the browser build of kubiki (no files there); ${IN_MEMORY[api]}`, api);
}

/** The DOM's MessageChannel, typed here (the project compiles without lib "DOM"). */
interface DomMessageChannel {
  readonly port1: { onmessage: (() => void) | null; close(): void };
  readonly port2: { postMessage(message: unknown): void };
}
const DomChannel = (globalThis as unknown as { MessageChannel: new () => DomMessageChannel }).MessageChannel;

/** Resolves after one turn of the event loop: a MessageChannel message, not setTimeout's clamped 4 ms. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new DomChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export const platform: Platform = {
  name: 'browser',
  files: noFiles,
  path: posixPath,
  env: () => undefined,
  availableParallelism: () => 1,
  wasmBytes: (file) => WASM[file],
  startWorker() {
    throw new PlatformError(
      'setThreads: expected 1 thread in the browser build of kubiki (it has no worker pool yet), got more; call setThreads(1)',
      'threads',
    );
  },
  yieldToEventLoop,
};
