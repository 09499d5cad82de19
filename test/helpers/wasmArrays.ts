import { backendState } from '../../src/kernels/backend';

/** How a parity test hands arrays to the wasm kernels: plain ones are copied in and out, resident ones used in place. */
export type ArrayKind = 'plain' | 'resident';

/** A zeroed Float32Array of n: a plain one, or one resident in the wasm module's memory (release with releaseResident()). */
export function wasmArray(kind: ArrayKind, n: number): Float32Array {
  if (kind === 'plain') return new Float32Array(n);
  const a = backendState().wasm?.allocResident(n);
  if (!a) throw new Error('the wasm module is not built: run npm run build');
  return a;
}

/** The float32 bit patterns, so that -0, NaN payloads and every last bit are compared exactly. */
export const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
