import { endianness } from 'node:os';
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
  let bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const wide = values instanceof Float64Array;
  if (endianness() === 'BE') {
    bytes = Buffer.from(bytes);
    if (wide) bytes.swap64();
    else bytes.swap32();
  }
  return { dtype: wide ? 'float64' : 'float32', data: bytes.toString('base64') };
}

/** Decodes into `target` (same length and dtype); false when the text does not fit it. */
export function decodeFloatsInto(encoded: unknown, target: FloatArray): boolean {
  const e = encoded as Partial<EncodedFloats> | null;
  if (typeof e !== 'object' || e === null || typeof e.data !== 'string') return false;
  const wide = target instanceof Float64Array;
  if (e.dtype !== (wide ? 'float64' : 'float32')) return false;
  const bytes = Buffer.from(e.data, 'base64');
  if (bytes.length !== target.byteLength) return false;
  const view = Buffer.from(target.buffer, target.byteOffset, target.byteLength);
  bytes.copy(view);
  if (endianness() === 'BE') {
    if (wide) view.swap64();
    else view.swap32();
  }
  return true;
}
