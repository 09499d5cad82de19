// esbuild's binary loader inlines the module as a Uint8Array (see scripts/buildBrowser.js).
import kubikiWasm from '../../dist/wasm/kubiki.wasm';
import kubikiFmaWasm from '../../dist/wasm/kubiki-fma.wasm';
import { PlatformError } from '../errors';
import { IN_MEMORY, type FileApi, type Platform, type WorkerHandle } from './Platform';
import { posixPath } from './posixPath';

/**
 * The browser platform: no files, no environment; the wasm module travels inside the bundle
 * (4 KB), so loading it needs no fetch and no server configuration. Threads are classic Web
 * Workers started from a Blob URL, given the module and the shared memory by postMessage — only
 * where the page is cross-origin isolated (served with Cross-Origin-Opener-Policy: same-origin and
 * Cross-Origin-Embedder-Policy: require-corp), the one place browsers share memory between threads.
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

/** The slice of the DOM and worker globals used here (the project compiles without lib "DOM"). */
interface BrowserGlobals {
  readonly crossOriginIsolated?: boolean;
  readonly navigator?: { readonly hardwareConcurrency?: number };
  readonly Worker?: new (url: string, options?: { name?: string }) => {
    postMessage(message: unknown): void;
    terminate(): void;
  };
  readonly Blob: new (parts: string[], options: { type: string }) => object;
  readonly URL: { createObjectURL(blob: object): string };
}
const host = globalThis as unknown as BrowserGlobals;

/** Whether workers can share this thread's memory: SharedArrayBuffer exists only in isolated contexts. */
function isolated(): boolean {
  return host.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && host.Worker !== undefined;
}

function threadsUnavailable(threads: number): string | undefined {
  if (isolated()) return undefined;
  if (host.Worker === undefined) return `expected 1 thread where Web Workers are missing, got ${threads}; call setThreads(1)`;
  return (
    `expected 1 thread in a page that is not cross-origin isolated (browsers share memory between threads only there), got ${threads}; ` +
    'serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, or call setThreads(1)'
  );
}

let blocking: boolean | undefined;

/** Atomics.wait throws a TypeError on a page's main thread (before it compares the value); workers may block. */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      blocking = typeof SharedArrayBuffer === 'function' && Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0) === 'not-equal';
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/** One Blob URL per worker source (the pool starts every worker from the same text). */
const sourceUrls = new Map<string, string>();

function startWorker(source: string, workerData: Record<string, unknown>): WorkerHandle {
  const why = threadsUnavailable(2);
  const Worker = host.Worker;
  if (why !== undefined || Worker === undefined) throw new PlatformError(`setThreads: ${why}`, 'setThreads');
  let url = sourceUrls.get(source);
  if (url === undefined) {
    // The first message is workerData; the source then runs inside the handler, for good.
    const text = `self.onmessage = (event) => {\n  self.onmessage = null;\n  const workerData = event.data;\n${source}\n};\n`;
    url = host.URL.createObjectURL(new host.Blob([text], { type: 'text/javascript' }));
    sourceUrls.set(source, url);
  }
  const worker = new Worker(url, { name: 'kubiki' });
  worker.postMessage(workerData);
  return { terminate: () => worker.terminate() };
}

export const platform: Platform = {
  name: 'browser',
  files: noFiles,
  path: posixPath,
  env: () => undefined,
  availableParallelism: () => (isolated() ? Math.max(1, host.navigator?.hardwareConcurrency ?? 1) : 1),
  threadsUnavailable,
  canBlock,
  wasmBytes: (file) => WASM[file],
  startWorker,
  yieldToEventLoop,
};
