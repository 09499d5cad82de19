import { decodeBase64, encodeBase64, LITTLE_ENDIAN, swapBytes } from '../util/bytes';
import type { FloatArray } from '../tensor/Tensor';

/*
 * Float arrays as exact text for checkpoints: base64 of their little-endian bytes (as the model
 * file stores weights), so a resumed run continues from the very same bits.
 */

export interface EncodedFloats {
  readonly dtype: 'float32' | 'float64';
  readonly data: string;
}

export function encodeFloats(values: FloatArray): EncodedFloats {
  let bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const wide = values instanceof Float64Array;
  if (!LITTLE_ENDIAN) {
    bytes = bytes.slice(); // never touch the live values
    swapBytes(bytes, wide ? 8 : 4);
  }
  return { dtype: wide ? 'float64' : 'float32', data: encodeBase64(bytes) };
}

/** Decodes into `target` (same length and dtype); false when the text does not fit it. */
export function decodeFloatsInto(encoded: unknown, target: FloatArray): boolean {
  const e = encoded as Partial<EncodedFloats> | null;
  if (typeof e !== 'object' || e === null || typeof e.data !== 'string') return false;
  const wide = target instanceof Float64Array;
  if (e.dtype !== (wide ? 'float64' : 'float32')) return false;
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(e.data);
  } catch {
    return false;
  }
  if (bytes.length !== target.byteLength) return false;
  if (!LITTLE_ENDIAN) swapBytes(bytes, wide ? 8 : 4);
  new Uint8Array(target.buffer, target.byteOffset, target.byteLength).set(bytes);
  return true;
}
