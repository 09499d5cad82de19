import { platform } from '../../platform';

/*
 * The slice of the WebAssembly JS API used here. The project compiles against lib ES2022 without
 * DOM, which is where TypeScript declares WebAssembly, so it is typed locally.
 */
interface WasmGlobal {
  readonly value: unknown;
}
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module: opaque here, and cloneable to worker threads. */
export type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of asm/gemm.ts, asm/elementwise.ts, asm/optim.ts, asm/recurrent.ts, asm/conv.ts, asm/directConv.ts, asm/pool.ts and asm/norm.ts (see there for the contract of each). */
export interface WasmExports {
  readonly heapBase: () => number;
  readonly gemm: (
    transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, b: number,
    beta: number, c: number, i0: number, i1: number, j0: number, j1: number,
    packA: number, packB: number, tile: number,
  ) => void;
  readonly reluForward: (x: number, y: number, n: number) => void;
  readonly zeroFill: (x: number, n: number) => void;
  readonly im2col: (
    x: number, cols: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number,
    strideH: number, strideW: number, padTop: number, padLeft: number, outH: number, outW: number, padded: number,
  ) => void;
  readonly col2im: (
    dcols: number, dx: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number,
    strideH: number, strideW: number, padTop: number, padLeft: number, outH: number, outW: number, padded: number,
  ) => void;
  readonly swapLeadingAxes: (x: number, rows: number, cols: number, inner: number, out: number) => void;
  readonly directConvForward: (
    x: number, w: number, bias: number, hasBias: number, y: number, padded: number, batch: number, channels: number,
    height: number, width: number, kernelH: number, kernelW: number, padTop: number, padLeft: number, outH: number,
    outW: number, outChannels: number,
  ) => void;
  readonly directConvFilterGrad: (
    x: number, dy: number, dw: number, padded: number, batch: number, channels: number, height: number, width: number,
    kernelH: number, kernelW: number, padTop: number, padLeft: number, outH: number, outW: number, outChannels: number,
  ) => void;
  readonly maxPoolForward: (
    x: number, y: number, argmax: number, planes: number, height: number, width: number, kernelH: number, kernelW: number,
    strideH: number, strideW: number, outH: number, outW: number,
  ) => void;
  readonly maxPoolBackward: (dy: number, argmax: number, dx: number, n: number, dxLength: number) => void;
  readonly channelMeanVariance: (x: number, outer: number, channels: number, inner: number, mean: number, variance: number) => void;
  readonly batchNormForward: (
    x: number, outer: number, channels: number, inner: number, mean: number, invStd: number, gamma: number, beta: number,
    xhat: number, y: number,
  ) => void;
  readonly batchNormBackward: (
    dy: number, xhat: number, outer: number, channels: number, inner: number, gamma: number, invStd: number,
    batchStatistics: number, dx: number, gammaGrad: number, betaGrad: number,
  ) => void;
  readonly addChannelBias: (x: number, bias: number, outer: number, channels: number, inner: number) => void;
  readonly sumChannels: (x: number, outer: number, channels: number, inner: number, out: number) => void;
  readonly reluBackward: (x: number, dy: number, dx: number, n: number) => void;
  readonly addRowVector: (x: number, v: number, rows: number, cols: number) => void;
  readonly sumRows: (x: number, rows: number, cols: number, out: number, beta: number) => void;
  readonly sgdUpdate: (
    theta: number, grad: number, buf: number, n: number, firstStep: number, lr: number, momentum: number,
    nesterov: number, weightDecay: number,
  ) => void;
  readonly adamUpdate: (
    theta: number, grad: number, m: number, v: number, n: number, stepSize: number, bias2Sqrt: number, beta1: number,
    beta2: number, eps: number, decay: number, coupled: number,
  ) => void;
  readonly rmspropUpdate: (
    theta: number, grad: number, squareAvg: number, buf: number, n: number, lr: number, alpha: number, eps: number, momentum: number,
  ) => void;
  readonly adagradUpdate: (theta: number, grad: number, sum: number, n: number, lr: number, eps: number) => void;
  readonly adamaxUpdate: (
    theta: number, grad: number, m: number, u: number, n: number, stepSize: number, beta1: number, beta2: number, eps: number,
    weightDecay: number,
  ) => void;
  readonly lstmCellForward: (gates: number, cPrev: number, c: number, tc: number, h: number, batch: number, hidden: number) => void;
  readonly gruCellForward: (xp: number, hp: number, hPrev: number, h: number, batch: number, hidden: number) => void;
  readonly MR: WasmGlobal;
  readonly NR: WasmGlobal;
  readonly KC: WasmGlobal;
  readonly MC: WasmGlobal;
  readonly NC: WasmGlobal;
}

/** Per-thread pack buffers, byte addresses in the shared memory. */
export interface Scratch {
  readonly packA: number;
  readonly packB: number;
  readonly tile: number;
}

const PAGE = 65536;
/** 1 GiB: shared memories reserve their maximum up front, as address space only. */
const MAX_PAGES = 16384;
/** Threads that get pack buffers (the caller plus up to 7 workers). */
export const MAX_THREADS = 8;

/**
 * The two builds of asm/ (asm/asconfig.json): the same kernels with fused multiply-add
 * (f32x4.relaxed_madd, wasm relaxed SIMD) and with separate f32x4.mul and f32x4.add.
 */
export type WasmModuleName = 'kubiki-fma.wasm' | 'kubiki.wasm';
export const WASM_MODULES: readonly WasmModuleName[] = ['kubiki-fma.wasm', 'kubiki.wasm'];

/**
 * The compiled module and its one shared memory, laid out as
 *   [module statics | pack buffers of thread 0..MAX_THREADS-1 | resident arrays | operands of the current call]
 * Workers instantiate the same module over the same memory, so a product's operands are copied in
 * once and every thread reads them where they are.
 *
 * Resident arrays (`allocResident`, and `allocResidentInt32` for index arrays such as max pooling's
 * argmax) are Float32Array / Int32Array views into this memory that kernels use in place, without copying them into the operand area and back: fit allocates its parameters,
 * gradients, batch and per-layer buffers there (src/kernels/resident.ts). They are bump-allocated
 * and all released together by `releaseResident` when no fit is running; the operand area always
 * starts after the last resident array. `residentAddress` recognises only arrays handed out since
 * the last release, so an array a caller swapped in (a plain Float32Array, or an old resident view)
 * is copied like any other operand.
 */
export class WasmKernels {
  readonly module: WasmModule;
  /** Which build this is: 'kubiki-fma.wasm' multiplies-adds fused, 'kubiki.wasm' does not. */
  readonly name: WasmModuleName;
  readonly memory: WasmMemory;
  readonly exports: WasmExports;
  readonly scratch: readonly Scratch[];
  readonly mr: number;
  readonly nr: number;
  /** First byte after the pack buffers: where resident arrays start. */
  readonly operandBase: number;
  /** Float32 view of the whole memory, renewed when the memory grows. */
  heap: Float32Array;
  /** Int32 view of the whole memory (same bytes as `heap`), renewed with it. */
  heapInt32: Int32Array;
  /** First byte after the resident arrays: where the operand area starts. */
  private residentTop: number;
  /** The resident arrays handed out since the last release. */
  private live = new WeakSet<ResidentArray>();
  /** Addresses of recycled resident arrays (recycleResident) by their aligned size in bytes. */
  private free = new Map<number, number[]>();
  /**
   * Every resident array ever handed out (live or not): isStale tells a released one by this, not
   * by its buffer object. V8 replaces a shared memory's SharedArrayBuffer object without growing it
   * when another shared wasm memory in the process grows (a second copy of kubiki, another wasm
   * library), so a set of this memory's buffer objects missed arrays made on a replaced one, and a
   * layer then reused a released array that new arrays overlapped (test/kernels/residentStale.test.ts).
   */
  private readonly handedOut = new WeakSet<ResidentArray>();

  private constructor(module: WasmModule, name: WasmModuleName) {
    this.module = module;
    this.name = name;
    this.memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WA.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as WasmExports;
    const ex = this.exports;
    this.mr = ex.MR.value as number;
    this.nr = ex.NR.value as number;
    const packABytes = (ex.MC.value as number) * (ex.KC.value as number) * 4;
    const packBBytes = (ex.KC.value as number) * (ex.NC.value as number) * 4;
    const tileBytes = this.mr * this.nr * 4;
    let offset = align(ex.heapBase());
    const scratch: Scratch[] = [];
    for (let t = 0; t < MAX_THREADS; t++) {
      scratch.push({ packA: offset, packB: offset + align(packABytes), tile: offset + align(packABytes) + align(packBBytes) });
      offset += align(packABytes) + align(packBBytes) + align(tileBytes);
    }
    this.scratch = scratch;
    this.operandBase = offset;
    this.residentTop = offset;
    this.heap = new Float32Array(this.memory.buffer);
    this.heapInt32 = new Int32Array(this.memory.buffer);
    this.reserve(0);
  }

  /** Whether this build fuses multiply-adds (the relaxed-SIMD module). */
  get fma(): boolean {
    return this.name === 'kubiki-fma.wasm';
  }

  /**
   * Loads the FMA module where the runtime compiles it, else the plain SIMD module, else returns
   * undefined (not built, or a runtime without wasm SIMD/threads). `fma: false` (what
   * KUBIKI_FMA=0 sets) skips the FMA module.
   */
  static load(fma = true): WasmKernels | undefined {
    for (const name of WASM_MODULES) {
      if (name === 'kubiki-fma.wasm' && !fma) continue;
      const kernels = WasmKernels.loadModule(name);
      if (kernels) return kernels;
    }
    return undefined;
  }

  /** Loads one build, or returns undefined when it is missing or does not compile here. */
  static loadModule(name: WasmModuleName): WasmKernels | undefined {
    try {
      // dist/wasm/<name> from `npm run build`: read from disk in Node, inlined in the browser bundle.
      const bytes = platform.wasmBytes(name);
      if (!bytes) return undefined;
      return new WasmKernels(new WA.Module(bytes), name);
    } catch {
      return undefined;
    }
  }

  /** Bytes taken by resident arrays now (recycled ones included), for the tests and diagnostics. */
  get residentInUse(): number {
    return this.residentTop - this.operandBase;
  }

  /** Whether an operand area of `bytes` fits under the memory's maximum (else: use the js kernels). */
  canHold(bytes: number): boolean {
    return this.residentTop + bytes <= MAX_PAGES * PAGE;
  }

  /** Makes the operand area at least `bytes` long; returns its first byte address. */
  reserve(bytes: number): number {
    this.growTo(this.residentTop + bytes);
    return this.residentTop;
  }

  /**
   * A zero-filled float32 array of `length` in this memory that kernels use in place (see the
   * class comment), or undefined when it would not leave room for operands under the maximum.
   */
  allocResident(length: number): Float32Array | undefined {
    const at = this.residentBytes(length);
    return at < 0 ? undefined : this.handOut(new Float32Array(this.memory.buffer, at, length));
  }

  /** As allocResident, for an int32 array (zero-filled, used in place by the kernels that take one). */
  allocResidentInt32(length: number): Int32Array | undefined {
    const at = this.residentBytes(length);
    return at < 0 ? undefined : this.handOut(new Int32Array(this.memory.buffer, at, length));
  }

  /** Records a new resident view as live and as handed out (see isStale). */
  private handOut<T extends ResidentArray>(view: T): T {
    this.live.add(view);
    this.handedOut.add(view);
    return view;
  }

  /** The byte address of `array` when it is a live resident array, else -1 (copy it in). */
  residentAddress(array: ResidentArray): number {
    return this.live.has(array) ? array.byteOffset : -1;
  }

  /** Whether `array` was handed out here and is no longer live (released or recycled; must not be reused). */
  isStale(array: ResidentArray): boolean {
    return this.handedOut.has(array) && !this.live.has(array);
  }

  /**
   * Takes back one live resident array whose holder has replaced it (a layer's buffer for an
   * earlier batch shape): from now on it counts as released (copied like a plain array if a kernel
   * still sees it), and the next resident array of the same size reuses its memory. Without this a
   * fit whose batches alternate between two shapes (a smaller last batch, validation batches) took
   * new memory for every layer buffer at every change, for as long as the fit ran.
   */
  recycleResident(array: ResidentArray): void {
    if (!this.live.delete(array)) return;
    const bytes = align(array.length * 4);
    const list = this.free.get(bytes);
    if (list) list.push(array.byteOffset);
    else this.free.set(bytes, [array.byteOffset]);
  }

  /** Releases every resident array at once; later calls copy them like plain arrays. */
  releaseResident(): void {
    this.live = new WeakSet();
    this.free.clear();
    this.residentTop = this.operandBase;
  }

  /**
   * Allocates `length` zeroed 4-byte elements for a resident array, from a recycled array of the
   * same size when there is one, else at the top; returns the byte address, or -1 when it would not
   * leave room for operands under the maximum.
   */
  private residentBytes(length: number): number {
    const bytes = align(length * 4);
    const recycled = this.free.get(bytes)?.pop();
    if (recycled !== undefined) {
      this.exports.zeroFill(recycled, length);
      return recycled;
    }
    // Keep at least a quarter of the address space for operands.
    if (this.residentTop + bytes > (MAX_PAGES * PAGE * 3) / 4) return -1;
    this.growTo(this.residentTop + bytes);
    const at = this.residentTop;
    this.exports.zeroFill(at, length); // a JS fill on a shared buffer is slow
    this.residentTop += bytes;
    return at;
  }

  /*
   * Growing a shared memory hands out a new SharedArrayBuffer over the same, still mapped bytes:
   * views made on an earlier buffer (resident arrays included) keep reading and writing the same
   * addresses, only their length is fixed, so none of them goes stale; the whole-memory views are
   * renewed to reach the new pages.
   */
  private growTo(needed: number): void {
    const have = this.memory.buffer.byteLength;
    if (needed > have) {
      this.memory.grow(Math.ceil((needed - have) / PAGE));
      this.heap = new Float32Array(this.memory.buffer);
      this.heapInt32 = new Int32Array(this.memory.buffer);
    }
  }
}

/** The arrays that can be resident: float32 values and int32 indices. */
export type ResidentArray = Float32Array | Int32Array;

/** Rounds a byte count up to a 64-byte cache line. */
export function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
