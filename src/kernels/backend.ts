import { ConfigError } from '../errors';
import { platform } from '../platform';
import { oneOf, positiveInt } from '../validate';
import { GemmPool } from './wasm/GemmPool';
import { MAX_THREADS, WasmKernels } from './wasm/WasmKernels';

/*
 * Which implementation stands behind the float32 kernels. 'js' is the reference (and always runs
 * float64); 'wasm' is the SIMD module in dist/wasm. The default is wasm where it loads, js
 * otherwise, overridable with KUBIKI_BACKEND=js|wasm; KUBIKI_THREADS sets the thread count.
 */

export type Backend = 'js' | 'wasm';
export const BACKENDS: readonly Backend[] = ['js', 'wasm'];

interface State {
  backend: Backend;
  threads: number;
  wasm: WasmKernels | undefined;
  pool: GemmPool | undefined;
}

let state: State | undefined;
let wasmTried = false;
let wasmCache: WasmKernels | undefined;

function loadWasm(): WasmKernels | undefined {
  if (!wasmTried) {
    wasmTried = true;
    wasmCache = WasmKernels.load();
  }
  return wasmCache;
}

function defaultThreads(): number {
  const fromEnv = platform.env('KUBIKI_THREADS');
  if (fromEnv !== undefined && fromEnv !== '') {
    return Math.min(positiveInt('KUBIKI_THREADS', 'threads', Number(fromEnv)), MAX_THREADS);
  }
  return Math.min(platform.availableParallelism(), MAX_THREADS);
}

function initial(): State {
  const fromEnv = platform.env('KUBIKI_BACKEND');
  const wanted = fromEnv === undefined || fromEnv === '' ? 'wasm' : oneOf('KUBIKI_BACKEND', 'backend', fromEnv, BACKENDS);
  const wasm = wanted === 'js' ? undefined : loadWasm();
  return { backend: wasm ? 'wasm' : 'js', threads: defaultThreads(), wasm, pool: undefined };
}

/** The current state, resolved on first use (so importing kubiki never compiles wasm eagerly). */
export function backendState(): State {
  state ??= initial();
  return state;
}

/**
 * Selects the kernel backend. 'wasm' throws a ConfigError when the module cannot be loaded (not
 * built, or a runtime without wasm SIMD and threads); the default falls back to 'js' silently.
 */
export function setBackend(backend: Backend): void {
  const name = oneOf('setBackend', 'backend', backend, BACKENDS);
  const s = backendState();
  if (name === 'wasm') {
    const wasm = loadWasm();
    if (!wasm) {
      throw new ConfigError(
        "setBackend: expected the wasm module at dist/wasm/kubiki.wasm, got none (run 'npm run build'), " +
          "or this runtime lacks WebAssembly SIMD/threads; use setBackend('js')",
      );
    }
    s.wasm = wasm;
  }
  s.backend = name;
}

export function getBackend(): Backend {
  return backendState().backend;
}

/** Threads a large product may use (the calling thread included); 1 keeps everything on it. */
export function setThreads(threads: number): void {
  const n = positiveInt('setThreads', 'threads', threads);
  if (n > MAX_THREADS) {
    throw new ConfigError(`setThreads: expected at most ${MAX_THREADS} threads, got ${n}`);
  }
  backendState().threads = n;
}

export function getThreads(): number {
  return backendState().threads;
}

/** The worker pool, created on first need. */
export function gemmPool(wasm: WasmKernels): GemmPool {
  const s = backendState();
  s.pool ??= new GemmPool(wasm);
  return s.pool;
}
