import { backendState } from '../../src/kernels/backend';
import type { WasmKernels } from '../../src/kernels/wasm/WasmKernels';

/** How a parity test hands arrays to the wasm kernels: plain ones are copied in and out, resident ones used in place. */
export type ArrayKind = 'plain' | 'resident';

/** The wasm backend's kernels (throws when the module is not built). */
export function wasmKernels(): WasmKernels {
  const kernels = backendState().wasm;
  if (!kernels) throw new Error('the wasm module is not built: run npm run build');
  return kernels;
}

/** A zeroed Float32Array of n: a plain one, or one resident in the wasm module's memory (release with releaseResident()). */
export function wasmArray(kind: ArrayKind, n: number): Float32Array {
  if (kind === 'plain') return new Float32Array(n);
  const a = backendState().wasm?.allocResident(n);
  if (!a) throw new Error('the wasm module is not built: run npm run build');
  return a;
}

/** The float32 bit patterns, so that -0, NaN payloads and every last bit are compared exactly. */
export const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** A zeroed Int32Array of n (index arrays such as max pooling's argmax): plain, or resident in the wasm memory. */
export function wasmIndexArray(kind: ArrayKind, n: number): Int32Array {
  if (kind === 'plain') return new Int32Array(n);
  const a = backendState().wasm?.allocResidentInt32(n);
  if (!a) throw new Error('the wasm module is not built: run npm run build');
  return a;
}

/** Bit patterns as `bits`, with every NaN as one token: for sums, whose NaN sign and payload the platform picks. */
export const bitsOrNaN = (a: Float32Array): Array<number | 'NaN'> => bits(a).map((b, i) => (Number.isNaN(a[i]) ? 'NaN' : b));
