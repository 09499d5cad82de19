import { platform, type WorkerHandle } from '../../platform';
import type { WasmKernels } from './WasmKernels';

/*
 * Worker threads that share one GEMM with the calling thread, in the shared wasm memory. C is cut
 * into chunks along its longer side; every thread, the caller included, claims chunks from one
 * atomic counter until none is left, so a worker that wakes late (or not at all on a busy machine)
 * just claims fewer. The counter carries the job's sequence number in its high bits and a claim is
 * a compare-exchange, so a worker still finishing an old job can never take a chunk of a new one.
 * Workers spin briefly before sleeping in Atomics.wait (a training step issues products back to
 * back, and a futex wake costs tens of microseconds). Workers are unref'd: they never keep the
 * process alive. In a browser they are Web Workers (src/platform), and the caller waits by spinning
 * where it cannot block (a page's main thread).
 */

/** Int32 slots of the control block. */
const SEQ = 0;
const NEXT = 1;
const FINISHED = 2;
const CHUNKS = 3;
const CHUNK = 4;
const ALONG_N = 5;
/** transA, transB, m, n, k, a, b, c. */
const ARGS = 6;
/** Float32 slots: alpha, beta. */
const ALPHA = 14;
const BETA = 15;
/** Set by a worker whose gemm threw (a bug): the caller stops waiting and throws. */
const BROKEN = 16;
/** One ready flag per worker from here on. */
const READY = 17;
const SLOTS = 32;
/** Chunk indices take the low 12 bits of NEXT, the job tag the high 20. */
const INDEX_BITS = 12;
const TAG_MASK = 0xfffff;
/** Also the limit on chunks per product. Not exported: work() below is shipped to workers as text. */
const MAX_CHUNKS = 1 << INDEX_BITS;
/**
 * How long a worker spins after a job before it sleeps, in milliseconds of its clock (read every
 * SPIN_CHECK iterations). A training step issues products back to back with its non-GEMM work
 * (activations, loss, optimizer step, gathering the next batch) between them; a worker that has
 * fallen asleep there costs the next product a futex wake-up and part of its first chunk. A count
 * of iterations was used before: once the loop was optimised it lasted only 0.1–0.7 ms, and the
 * first product of a step found the worker asleep about one time in four.
 */
const WORKER_SPIN_MS = 2;
const SPIN_CHECK = 1024;
/** Adaptive split (see GemmPool.active): misses before pausing, and products run alone while paused. */
const MISSES_TO_PAUSE = 4;
const PAUSE_RUNS = 300;
const CALLER_SPIN = 20000;

/**
 * The claim loop, shared verbatim by the caller and the workers: claimLoop(slots…) returns `work`,
 * which runs chunks of job `tag` until none is left or the job has changed. The worker source
 * below is built from claimLoop's text, so it names nothing outside that text (the slots are its
 * parameters): a minifier (the browser bundle) renames module-level names but not consistently
 * with a string.
 */
function claimLoop(
  NEXT: number, FINISHED: number, CHUNKS: number, CHUNK: number, ALONG_N: number, ARGS: number,
  ALPHA: number, BETA: number, INDEX_BITS: number, MAX_CHUNKS: number,
) {
  return (ctrl: Int32Array, fl: Float32Array, tag: number, gemm: GemmFn, packA: number, packB: number, tile: number): number => {
    const chunks = ctrl[CHUNKS] as number;
    const chunk = ctrl[CHUNK] as number;
    const alongN = ctrl[ALONG_N] === 1;
    const transA = ctrl[ARGS] as number;
    const transB = ctrl[ARGS + 1] as number;
    const m = ctrl[ARGS + 2] as number;
    const n = ctrl[ARGS + 3] as number;
    const k = ctrl[ARGS + 4] as number;
    const a = ctrl[ARGS + 5] as number;
    const b = ctrl[ARGS + 6] as number;
    const c = ctrl[ARGS + 7] as number;
    const alpha = fl[ALPHA] as number;
    const beta = fl[BETA] as number;
    const length = alongN ? n : m;
    let done = 0;
    for (;; done++) {
      const v = Atomics.load(ctrl, NEXT);
      if (v >>> INDEX_BITS !== tag) return done;
      const index = v & (MAX_CHUNKS - 1);
      if (index >= chunks) return done;
      if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) !== v) {
        done--;
        continue;
      }
      const start = index * chunk;
      const end = Math.min(length, start + chunk);
      if (alongN) gemm(transA, transB, m, n, k, alpha, a, b, beta, c, 0, m, start, end, packA, packB, tile);
      else gemm(transA, transB, m, n, k, alpha, a, b, beta, c, start, end, 0, n, packA, packB, tile);
      if (Atomics.add(ctrl, FINISHED, 1) + 1 === chunks) Atomics.notify(ctrl, FINISHED);
    }
  };
}
const CLAIM_SLOTS = [NEXT, FINISHED, CHUNKS, CHUNK, ALONG_N, ARGS, ALPHA, BETA, INDEX_BITS, MAX_CHUNKS] as const;
const work = claimLoop(...CLAIM_SLOTS);

type GemmFn = WasmKernels['exports']['gemm'];

/** Plain JavaScript run by platform.startWorker, which provides `workerData` (Node and browser alike). */
const WORKER_SOURCE = `
const { module, memory, control, packA, packB, tile, readySlot } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const ctrl = new Int32Array(control);
const fl = new Float32Array(control);
const SEQ = ${SEQ};
const TAG_MASK = ${TAG_MASK};
const work = (${claimLoop.toString()})(${CLAIM_SLOTS.join(', ')});
let seen = Atomics.load(ctrl, SEQ);
Atomics.store(ctrl, readySlot, 1);
for (;;) {
  const idleSince = performance.now();
  for (let spin = 1; Atomics.load(ctrl, SEQ) === seen; spin++) {
    if (spin % ${SPIN_CHECK} === 0 && performance.now() - idleSince > ${WORKER_SPIN_MS}) break;
  }
  if (Atomics.load(ctrl, SEQ) === seen) Atomics.wait(ctrl, SEQ, seen);
  seen = Atomics.load(ctrl, SEQ);
  try {
    work(ctrl, fl, seen & TAG_MASK, gemm, packA, packB, tile);
  } catch (error) {
    Atomics.store(ctrl, ${BROKEN}, 1);
    Atomics.notify(ctrl, ${FINISHED});
    throw error;
  }
}
`;

export class GemmPool {
  private readonly workers: WorkerHandle[] = [];
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly fl = new Float32Array(this.ctrl.buffer);
  private seq = 0;
  /** Chunks the calling thread ran in its latest product (the workers ran the rest); for tuning. */
  ownChunks = 0;
  /** Chunks of the latest product (for the tests: ownChunks < chunks shows a worker ran some). */
  chunks = 0;
  /** Chunks the workers ran, summed over every product so far (for the tests and tuning). */
  workerChunks = 0;
  private misses = 0;
  private pausedRuns = 0;
  private readonly canBlock = platform.canBlock();

  constructor(private readonly kernels: WasmKernels) {}

  /** Starts workers up to `count` (worker w uses scratch[w + 1]); returns how many are ready now. */
  ensure(count: number): number {
    if (Atomics.load(this.ctrl, BROKEN) === 1) return 0;
    while (this.workers.length < count) this.spawn();
    let ready = 0;
    for (let w = 0; w < count; w++) if (Atomics.load(this.ctrl, READY + w) === 1) ready++;
    return ready;
  }

  private spawn(): void {
    const index = this.workers.length;
    const scratch = this.kernels.scratch[index + 1];
    if (!scratch || READY + index >= SLOTS) throw new Error(`GemmPool: no room for worker ${index}`);
    const worker = platform.startWorker(WORKER_SOURCE, {
      module: this.kernels.module, memory: this.kernels.memory, control: this.ctrl.buffer, ...scratch, readySlot: READY + index,
    });
    this.workers.push(worker);
  }

  /**
   * C = alpha · op(A) · op(B) + beta · C for operands already in the shared memory (byte
   * addresses), cut into `chunks` slices of `chunk` rows (alongN false) or columns (alongN true);
   * returns when every slice is done.
   */
  run(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: number, b: number, beta: number, c: number, alongN: boolean, chunk: number, chunks: number,
  ): void {
    const ctrl = this.ctrl;
    this.seq = (this.seq + 1) & TAG_MASK || 1; // never 0: a fresh worker has seen SEQ = 0
    const tag = this.seq;
    ctrl[CHUNKS] = chunks;
    this.chunks = chunks;
    ctrl[CHUNK] = chunk;
    ctrl[ALONG_N] = alongN ? 1 : 0;
    ctrl[ARGS] = transA ? 1 : 0;
    ctrl[ARGS + 1] = transB ? 1 : 0;
    ctrl[ARGS + 2] = m;
    ctrl[ARGS + 3] = n;
    ctrl[ARGS + 4] = k;
    ctrl[ARGS + 5] = a;
    ctrl[ARGS + 6] = b;
    ctrl[ARGS + 7] = c;
    this.fl[ALPHA] = alpha;
    this.fl[BETA] = beta;
    Atomics.store(ctrl, FINISHED, 0);
    Atomics.store(ctrl, NEXT, tag << INDEX_BITS);
    const start = performance.now();
    Atomics.store(ctrl, SEQ, tag);
    Atomics.notify(ctrl, SEQ);
    const posted = performance.now();
    const own = this.kernels.scratch[0]!;
    this.ownChunks = work(ctrl, this.fl, tag, this.kernels.exports.gemm, own.packA, own.packB, own.tile);
    this.workerChunks += chunks - this.ownChunks;
    const ownTime = performance.now() - posted;
    let spin = 0;
    while (spin < CALLER_SPIN && Atomics.load(ctrl, FINISHED) !== chunks) spin++;
    for (let done = Atomics.load(ctrl, FINISHED); done < chunks; done = Atomics.load(ctrl, FINISHED)) {
      if (Atomics.load(ctrl, BROKEN) === 1) throw new Error('GemmPool: a worker failed; see its error above');
      if (this.canBlock) Atomics.wait(ctrl, FINISHED, done, 50); // else spin: a page's main thread cannot block
    }
    this.judge(this.ownChunks, chunks, ownTime, performance.now() - start);
  }

  /**
   * False while splitting is paused. When the other cores are busy, a woken worker may get no core
   * (the caller then waits for its chunk) or take the caller's (wake-up preemption), and two
   * threads run slower than one: measured on the shared development machine, MLP 784-256-128-10 at
   * 10–14k samples/s on two threads against 17k on one. Each split is judged against what the
   * caller alone would have taken at the rate it ran its own chunks; after MISSES_TO_PAUSE more
   * misses than hits, products run on the caller alone for PAUSE_RUNS calls, then splitting is
   * tried again. A split in which the caller ran every chunk itself (no worker got to one in time,
   * e.g. one that slept through a pause) is neither: it took what the caller alone takes. Counting
   * it as a miss paused splitting over and over on an idle machine, since a pause lets the
   * workers fall asleep and the first products after it then end before one wakes.
   */
  active(): boolean {
    if (this.pausedRuns === 0) return true;
    this.pausedRuns--;
    return false;
  }

  private judge(own: number, chunks: number, ownTime: number, elapsed: number): void {
    if (own === chunks) return;
    const alone = own > 0 ? (ownTime / own) * chunks : 0;
    const paid = own > 0 && own < chunks && elapsed < 0.9 * alone;
    this.misses = paid ? Math.max(0, this.misses - 1) : this.misses + 1;
    if (this.misses >= MISSES_TO_PAUSE) {
      this.pausedRuns = PAUSE_RUNS;
      this.misses = MISSES_TO_PAUSE / 2;
    }
  }
}
