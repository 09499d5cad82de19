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
 * - Any other backend, or float64 parameters, leave everything as it was.
 */

let running = 0;
/** The module whose memory holds the live resident arrays (while running > 0). */
let owner: WasmKernels | undefined;
let installed = false;

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
        wasm.releaseResident();
        owner = undefined;
      }
    },
  };
}
