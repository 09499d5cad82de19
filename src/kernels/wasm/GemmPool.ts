import { Worker } from 'worker_threads';
import type { WasmKernels } from './WasmKernels';

/*
 * Worker threads that run slices of one GEMM in the shared wasm memory. Each worker owns a small
 * control block (a SharedArrayBuffer of Int32 slots): the caller writes the slice, bumps SEQ and
 * notifies; the worker computes, copies SEQ to DONE and notifies back. Workers spin briefly before
 * sleeping in Atomics.wait, because a training step issues products back to back and a futex wake
 * costs tens of microseconds. Workers are unref'd: they never keep the process alive.
 */

const SEQ = 0;
const DONE = 1;
const READY = 2;
/** Int32 slots 3..17: transA, transB, m, n, k, a, b, c, i0, i1, j0, j1, packA, packB, tile. */
const ARGS = 3;
/** Float32 slots: alpha, beta. */
const ALPHA = 18;
const BETA = 19;
const SLOTS = 20;
/** Spin iterations before sleeping, on either side (~tens of microseconds). */
const SPIN = 20000;

const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { module, memory, control, packA, packB, tile } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctrl = new Int32Array(control);
const fl = new Float32Array(control);
let seen = 0;
Atomics.store(ctrl, ${READY}, 1);
for (;;) {
  for (let spin = 0; spin < ${SPIN} && Atomics.load(ctrl, ${SEQ}) === seen; spin++);
  if (Atomics.load(ctrl, ${SEQ}) === seen) Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  const g = ${ARGS};
  ex.gemm(ctrl[g], ctrl[g + 1], ctrl[g + 2], ctrl[g + 3], ctrl[g + 4], fl[${ALPHA}], ctrl[g + 5], ctrl[g + 6],
    fl[${BETA}], ctrl[g + 7], ctrl[g + 8], ctrl[g + 9], ctrl[g + 10], ctrl[g + 11], packA, packB, tile);
  Atomics.store(ctrl, ${DONE}, seen);
  Atomics.notify(ctrl, ${DONE});
}
`;

interface PoolWorker {
  readonly worker: Worker;
  readonly ctrl: Int32Array;
  readonly fl: Float32Array;
  seq: number;
}

export class GemmPool {
  private readonly workers: PoolWorker[] = [];

  constructor(private readonly kernels: WasmKernels) {}

  /** Starts workers up to `count` (thread t ≥ 1 uses scratch[t]); returns how many are ready now. */
  ensure(count: number): number {
    while (this.workers.length < count) this.spawn(this.workers.length + 1);
    let ready = 0;
    for (let i = 0; i < count; i++) {
      if (Atomics.load((this.workers[i] as PoolWorker).ctrl, READY) !== 1) break;
      ready++;
    }
    return ready;
  }

  private spawn(thread: number): void {
    const control = new SharedArrayBuffer(SLOTS * 4);
    const scratch = this.kernels.scratch[thread];
    if (!scratch) throw new Error(`GemmPool: no scratch for thread ${thread}`);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: this.kernels.module, memory: this.kernels.memory, control, ...scratch },
    });
    worker.unref();
    this.workers.push({ worker, ctrl: new Int32Array(control), fl: new Float32Array(control), seq: 0 });
  }

  /** Hands worker `index` the block C[i0:i1, j0:j1] of a product whose operands are in memory. */
  post(
    index: number, transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: number, b: number, beta: number, c: number, i0: number, i1: number, j0: number, j1: number,
  ): void {
    const w = this.workers[index] as PoolWorker;
    const ctrl = w.ctrl;
    ctrl[ARGS] = transA ? 1 : 0;
    ctrl[ARGS + 1] = transB ? 1 : 0;
    ctrl[ARGS + 2] = m;
    ctrl[ARGS + 3] = n;
    ctrl[ARGS + 4] = k;
    ctrl[ARGS + 5] = a;
    ctrl[ARGS + 6] = b;
    ctrl[ARGS + 7] = c;
    ctrl[ARGS + 8] = i0;
    ctrl[ARGS + 9] = i1;
    ctrl[ARGS + 10] = j0;
    ctrl[ARGS + 11] = j1;
    w.fl[ALPHA] = alpha;
    w.fl[BETA] = beta;
    w.seq = (w.seq + 1) | 0;
    Atomics.store(ctrl, SEQ, w.seq);
    Atomics.notify(ctrl, SEQ);
  }

  /** Blocks until worker `index` has finished what it was last posted. */
  wait(index: number): void {
    const w = this.workers[index] as PoolWorker;
    for (let spin = 0; spin < SPIN; spin++) if (Atomics.load(w.ctrl, DONE) === w.seq) return;
    while (Atomics.load(w.ctrl, DONE) !== w.seq) Atomics.wait(w.ctrl, DONE, (w.seq - 1) | 0);
  }
}
