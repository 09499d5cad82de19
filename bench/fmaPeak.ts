/*
 * The register-only wasm FMA peak of this machine (asm/bench/fmaPeak.ts, built to
 * dist/wasm/fma-peak.wasm), for `npm run bench` to set the GEMM's GFLOP/s against: one thread, and
 * one worker_thread per core at once (the two-thread ceiling). Needs the relaxed-SIMD flag that
 * src/kernels/wasm/WasmKernels.ts also sets on Node 20; returns undefined where the module does not
 * compile (no relaxed SIMD).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';

const FILE = join(__dirname, '..', 'wasm', 'fma-peak.wasm');

interface PeakExports {
  fmaPeak(iterations: number): number;
  FLOPS_PER_ITERATION: { readonly value: number };
}
/** The slice of the WebAssembly API used (lib ES2022 has no WebAssembly types; see WasmKernels.ts). */
type Module = object;
const WA = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => Module; Instance: new (m: Module, imports: object) => { exports: object } };
}).WebAssembly;

function compile(): Module | undefined {
  try {
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return new WA.Module(readFileSync(FILE));
  } catch {
    return undefined;
  }
}

/** Best GFLOP/s of `rounds` timed calls of ~`seconds`/rounds each, after a warm-up (tier-up). */
function measure(module: Module, seconds: number, rounds = 5): number {
  const ex = new WA.Instance(module, {}).exports as PeakExports;
  const flops = ex.FLOPS_PER_ITERATION.value;
  ex.fmaPeak(1e6);
  let iterations = 1e6;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    ex.fmaPeak(iterations);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, (iterations * flops) / elapsed / 1e9);
    iterations = Math.max(1e6, Math.round((iterations * seconds) / rounds / Math.max(elapsed, 1e-6)));
  }
  return best;
}

/** GFLOP/s on one thread, or undefined without relaxed SIMD. */
export function fmaPeakGflops(seconds: number): number | undefined {
  const module = compile();
  return module && measure(module, seconds);
}

/** Summed GFLOP/s of `threads` worker threads running the peak loop at the same time. */
export async function fmaPeakGflopsThreads(threads: number, seconds: number): Promise<number | undefined> {
  const module = compile();
  if (!module) return undefined;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { module, seconds } = workerData;
    const ex = new WebAssembly.Instance(module, {}).exports;
    const flops = ex.FLOPS_PER_ITERATION.value;
    ex.fmaPeak(1e6);
    const deadline = Date.now() + seconds * 1000;
    let best = 0;
    while (Date.now() < deadline) {
      const start = process.hrtime.bigint();
      ex.fmaPeak(2e6);
      best = Math.max(best, 2e6 * flops / (Number(process.hrtime.bigint() - start) / 1e9) / 1e9);
    }
    parentPort.postMessage(best);`;
  const runs = Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { module, seconds } });
    worker.once('message', (value: number) => resolve(value));
    worker.once('error', reject);
  }));
  const rates = await Promise.all(runs);
  return rates.reduce((a, b) => a + b, 0);
}
