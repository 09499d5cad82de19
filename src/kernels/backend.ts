import { ConfigError, PlatformError } from '../errors';
import { platform } from '../platform';
import { oneOf, positiveInt } from '../validate';
import { GemmPool } from './wasm/GemmPool';
import { MAX_THREADS, WasmKernels, type WasmModuleName } from './wasm/WasmKernels';

/*
 * Which implementation stands behind the float32 kernels. 'js' is the reference (and always runs
 * float64); 'wasm' is the SIMD module in dist/wasm. The default is wasm where it loads, js
 * otherwise, overridable with KUBIKI_BACKEND=js|wasm; KUBIKI_THREADS sets the thread count.
 * The wasm module is the fused multiply-add build where the runtime compiles it (KUBIKI_FMA=0 forces
 * the plain SIMD build); getKernelInfo says which one runs.
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
    const fma = platform.env('KUBIKI_FMA');
    wasmCache = WasmKernels.load(fma === undefined || fma === '' || oneOf('KUBIKI_FMA', 'fma', fma, ['0', '1']) === '1');
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

/**
 * Threads a large product may use (the calling thread included); 1 keeps everything on it. More
 * than 1 needs workers that share memory: in a browser, a cross-origin-isolated page (a
 * PlatformError says which headers to send).
 */
export function setThreads(threads: number): void {
  const n = positiveInt('setThreads', 'threads', threads);
  if (n > MAX_THREADS) {
    throw new ConfigError(`setThreads: expected at most ${MAX_THREADS} threads, got ${n}`);
  }
  const unavailable = n > 1 ? platform.threadsUnavailable(n) : undefined;
  if (unavailable !== undefined) throw new PlatformError(`setThreads: ${unavailable}`, 'setThreads');
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

/** What stands behind the float32 kernels right now (see getKernelInfo). */
export interface KernelInfo {
  /** The backend in use (setBackend, KUBIKI_BACKEND). */
  readonly backend: Backend;
  /** Whether products use fused multiply-add (the wasm module built with relaxed SIMD). */
  readonly fma: boolean;
  /** Whether the kernels use 128-bit wasm SIMD (every wasm module does; js does not). */
  readonly simd: boolean;
  /** Threads a large product may use (setThreads, KUBIKI_THREADS). */
  readonly threads: number;
  /** The wasm build in use, or null on the js backend. */
  readonly module: WasmModuleName | null;
}

/**
 * Which kernels run: e.g. `{ backend: 'wasm', fma: true, simd: true, threads: 2, module:
 * 'kubiki-fma.wasm' }` where the runtime compiles relaxed SIMD (Node ≥ 20 on x64 and arm64),
 * `fma: false, module: 'kubiki.wasm'` where it does not or KUBIKI_FMA=0, and `{ backend: 'js',
 * fma: false, simd: false, module: null }` on the TypeScript reference.
 */
export function getKernelInfo(): KernelInfo {
  const s = backendState();
  const wasm = s.backend === 'wasm' ? s.wasm : undefined;
  return {
    backend: s.backend,
    fma: wasm?.fma ?? false,
    simd: wasm !== undefined,
    threads: s.threads,
    module: wasm?.name ?? null,
  };
}
