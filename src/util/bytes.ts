/*
 * Bytes ↔ base64 and byte order without Node's Buffer, so model files read and write the same in a
 * browser. atob/btoa are globals in Node ≥ 16 and every browser.
 */

/** True on little-endian hosts (all common ones); model files store little-endian floats. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Characters per String.fromCharCode call: stays far below engines' argument-count limits. */
const CHUNK = 0x8000;

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Decodes base64 the caller has validated (atob throws on anything else). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reverses the byte order of every `width`-byte word of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, width: 4 | 8): void {
  for (let start = 0; start + width <= bytes.length; start += width) {
    bytes.subarray(start, start + width).reverse();
  }
}
