import { decodeBase64, encodeBase64, LITTLE_ENDIAN, swapBytes } from '../../src/util/bytes';
import { endianness } from 'node:os';

// The browser-safe byte helpers against Node's Buffer, the oracle.
test('base64 encodes and decodes as Buffer does, including lengths past one chunk', () => {
  for (const length of [0, 1, 2, 3, 4, 5, 255, 0x8000 + 7, 100000]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) % 256);
    const text = encodeBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
  }
});

test('LITTLE_ENDIAN matches the host and swapBytes reverses each word', () => {
  expect(LITTLE_ENDIAN).toBe(endianness() === 'LE');
  const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  swapBytes(bytes, 4);
  expect(Array.from(bytes)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
  swapBytes(bytes, 8);
  expect(Array.from(bytes)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
});
