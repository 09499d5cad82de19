/*
 * The one place where kubiki meets its host. The core (tensors, kernels, layers, models, interop on
 * in-memory data) never imports node:fs, worker_threads, process or Buffer; what it needs from the
 * host it asks for here. `npm run build` compiles ./node for Node.js, and the browser bundle
 * (esbuild, see scripts/buildBrowser.js) swaps in ./browser.
 */

/** The files a Node-only API reads or writes; the browser build has none. */
export interface FileSystem {
  /** UTF-8 text; throws the host's error (with `code`, e.g. ENOENT) for the caller to word. */
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  /** Opens `path` for reading in pieces (streaming CSV); throws the host's error. */
  openRead(path: string): ReadHandle;
  /** The size in bytes, or undefined when the file is missing. */
  size(path: string): number | undefined;
  /** False when `path` is missing or not a directory. */
  isDirectory(path: string): boolean;
  /**
   * Writes through a temporary file in the same directory and a rename, so a crash never leaves
   * a half-written file; creates the parent directory. A DataError names `where` and the path.
   */
  writeAtomic(path: string, data: string | Uint8Array, where: string): void;
}

/** An open file read piece by piece. */
export interface ReadHandle {
  /** Reads up to `length` bytes into buffer[offset…]; 0 at the end of the file. */
  read(buffer: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/** POSIX-style path helpers (node:path in Node, a small equivalent in the browser). */
export interface PathApi {
  join(...parts: string[]): string;
  dirname(path: string): string;
  resolve(...parts: string[]): string;
  isAbsolute(path: string): boolean;
  normalize(path: string): string;
}

/** A started worker: never keeps the process alive. */
export interface WorkerHandle {
  terminate(): void;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** The file system for `api`; in the browser a PlatformError naming the in-memory alternative. */
  files(api: FileApi): FileSystem;
  readonly path: PathApi;
  /** An environment variable (KUBIKI_BACKEND, KUBIKI_THREADS); undefined in the browser. */
  env(name: string): string | undefined;
  /**
   * Threads worth using for one product: cores in Node; in the browser the cores
   * (navigator.hardwareConcurrency) where the page is cross-origin isolated, else 1.
   */
  availableParallelism(): number;
  /**
   * Why `threads` threads cannot run here (workers cannot share memory with this thread), as
   * "expected …, got …; fix" for setThreads' error; undefined where they can (Node, a
   * cross-origin-isolated page or worker).
   */
  threadsUnavailable(threads: number): string | undefined;
  /**
   * Whether this thread may block in Atomics.wait: everywhere but a browser page's main thread
   * (which must spin instead).
   */
  canBlock(): boolean;
  /** The bytes of dist/wasm/`file`, or undefined when it is not there (not built). */
  wasmBytes(file: string): Uint8Array | undefined;
  /**
   * Runs `source` in a new thread: plain JavaScript (no require, no import) that finds its
   * `workerData` in a variable of that name. Node posts it through worker_threads, the browser
   * to a classic Web Worker from a Blob URL; structured-cloneable values, shared memory included.
   */
  startWorker(source: string, workerData: Record<string, unknown>): WorkerHandle;
  /** Resolves after pending events (I/O, rendering, input) have had their turn. */
  yieldToEventLoop(): Promise<void>;
}

/**
 * Every API that needs files, with what to use instead on in-memory data (in a browser page, a
 * worker, or anywhere the data is already in memory). The list of FileApi names comes from here.
 */
export const IN_MEMORY = {
  saveModel: 'serialise with JSON.stringify(model.toJSON()) and offer the text as a download',
  loadModel: 'read the file\'s text (e.g. await file.text()) and call Sequential.fromJSON(JSON.parse(text))',
  loadCsv: 'read the text and call csvDataset(parseCsv(text, name), name, options)',
  loadText: 'read the text and call parseTextLines(text, name)',
  loadConfig: 'read the text and call validateConfig(JSON.parse(text), name)',
  importTfjs: 'read model.json and weights.bin yourself and call importKerasJson(modelJson, weightsBytes)',
  exportTfjs: 'call tfjsArtifacts(model) for model.json and weights.bin in memory',
  exportOnnx: 'call onnxBytes(model) for the file\'s bytes in memory',
  atomicWrite: 'keep the data in memory or offer it as a download',
  loadCheckpoint: 'keep { model: model.toJSON(), optimizer: optimizer.stateDict() } in memory instead of a checkpoint file',
  readText: 'pass the text itself (parseCsv, Sequential.fromJSON, validateConfig and importKerasJson take text)',
} as const;

export type FileApi = keyof typeof IN_MEMORY;
