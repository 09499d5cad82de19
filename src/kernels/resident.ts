import type { Param } from '../tensor/Param';
import { setBufferArena } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';
import { backendState } from './backend';
import type { WasmKernels } from './wasm/WasmKernels';

/*
 * Resident buffers for fit on the wasm backend. While a fit runs, its parameters and their
 * gradients, the mini-batch and every buffer the layers and losses reuse from batch to batch
 * (tensor/reuse.ts) live in the wasm memory, so the kernels read and write them where they are
 * instead of copying each operand into the module's memory and the result back out.
 *
 * - Layers' int32 scratch (MaxPool2D's argmax, tensor/reuse.ts workIndices) is resident too.
 * - Parameters keep their Tensor objects: at the start, each float32 value and gradient gets a
 *   resident copy as its `data`; at the end the final values are copied back into the original
 *   arrays, which become `data` again. A caller that swaps `data` meanwhile keeps its array (the
 *   kernels copy arrays that are not resident, so the swap is honoured).
 * - The buffers are released together when the last running fit ends (fitAsync lets several
 *   overlap); arrays from a released arena are never reused (reuseOrZeros asks `isStale`) and are
 *   copied like plain arrays if a kernel still sees one.
 * - Other long-lived arrays used at every step (an optimizer's moment buffers, see
 *   optim/paramState.ts) join through `pinResident`: a resident copy for the rest of the session,
 *   copied back and handed to a restore callback just before the buffers are released.
 * - Any other backend, or float64 parameters, leave everything as it was.
 */

let running = 0;
/** The module whose memory holds the live resident arrays (while running > 0). */
let owner: WasmKernels | undefined;
let installed = false;
/** Counts resident sessions (running going from 0 to 1); 0 = none has run yet. */
let session = 0;
/** Restores registered by pinResident, run (then dropped) just before the buffers are released. */
let unpins: Array<() => void> = [];

const arena = {
  alloc(length: number): Float32Array | undefined {
    return running > 0 && owner !== undefined ? owner.allocResident(length) : undefined;
  },
  allocInt32(length: number): Int32Array | undefined {
    return running > 0 && owner !== undefined ? owner.allocResidentInt32(length) : undefined;
  },
  isStale(data: Float32Array | Int32Array): boolean {
    return backendState().wasm?.isStale(data) ?? false;
  },
  owns(data: Float32Array | Int32Array): boolean {
    return running > 0 && owner !== undefined && owner.residentAddress(data) >= 0;
  },
  recycle(data: Float32Array | Int32Array): void {
    if (running > 0) owner?.recycleResident(data);
  },
};

/** Ends a resident fit (see beginResidentFit); idempotent. */
export interface ResidentFit {
  end(): void;
}

/**
 * Starts a fit's resident scope over `params` (see the module comment); call `end()` in a
 * finally. On the js backend it does nothing.
 */
export function beginResidentFit(params: readonly Param[]): ResidentFit {
  const s = backendState();
  const wasm = s.backend === 'wasm' ? s.wasm : undefined;
  if (wasm === undefined || (owner !== undefined && owner !== wasm)) return { end: () => undefined };
  if (!installed) {
    setBufferArena(arena);
    installed = true;
  }
  owner = wasm;
  if (running === 0) session++;
  running++;
  const originals = new Map<Tensor, { original: Float32Array; resident: Float32Array }>();
  for (const p of params) {
    for (const t of [p.value, p.grad]) {
      if (originals.has(t) || !(t.data instanceof Float32Array) || wasm.residentAddress(t.data) >= 0) continue;
      const resident = wasm.allocResident(t.data.length);
      if (!resident) continue;
      resident.set(t.data);
      originals.set(t, { original: t.data, resident });
      t.data = resident;
    }
  }
  let ended = false;
  return {
    end(): void {
      if (ended) return;
      ended = true;
      for (const [t, { original, resident }] of originals) {
        // Only a tensor that still holds its resident copy: a caller's swapped-in array stays.
        if (t.data !== resident) continue;
        original.set(resident);
        t.data = original;
      }
      running--;
      if (running === 0) {
        const restores = unpins;
        unpins = [];
        for (const restore of restores) restore();
        wasm.releaseResident();
        owner = undefined;
      }
    },
  };
}

/** The resident session now running (see pinResident), or 0 when no resident fit runs. */
export function residentSession(): number {
  return running > 0 && owner !== undefined ? session : 0;
}

/**
 * A resident copy of `data` for the session now running, or undefined (no resident fit, the memory
 * is full, or `data` is resident already). When the session ends, the copy's values are written
 * back into `data` and `restore(data)` is called, before the copy's memory is released: the owner
 * swaps its reference back there (and should ignore the call if it dropped the copy meanwhile).
 */
export function pinResident(data: Float32Array, restore: (data: Float32Array, copy: Float32Array) => void): Float32Array | undefined {
  if (residentSession() === 0 || owner === undefined || owner.residentAddress(data) >= 0) return undefined;
  const copy = owner.allocResident(data.length);
  if (!copy) return undefined;
  copy.set(data);
  unpins.push(() => {
    data.set(copy);
    restore(data, copy);
  });
  return copy;
}
