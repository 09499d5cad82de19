import { sampleRows } from '../../src/kernels';

describe('sampleRows', () => {
  // Row 0 of a strided [2 rows × 4 classes] block: p ∝ exp(x/T) over classes 1..3 (class 0 excluded).
  const logits = Float64Array.from([9, Math.log(1), Math.log(2), Math.log(5), /**/ 0, 0, 0, 100]);

  it('draws the first class whose cumulative probability exceeds u, over classes [first, cols)', () => {
    const out = new Int32Array(1);
    const draw = (u: number, temperature = 1): number => {
      sampleRows(logits, 0, 4, 1, 4, 1, temperature, [u], out);
      return out[0] as number;
    };
    // p = [1/8, 2/8, 5/8] for classes 1, 2, 3
    expect([0, 0.124, 0.126, 0.374, 0.376, 0.999].map((u) => draw(u))).toEqual([1, 1, 2, 2, 3, 3]);
    // T = 0.5 squares the odds: p ∝ [1, 4, 25] / 30
    expect([1 / 30 - 1e-9, 1 / 30 + 1e-9, 5 / 30 + 1e-9].map((u) => draw(u, 0.5))).toEqual([1, 2, 3]);
  });

  it('reads rows at offset + r·stride', () => {
    const out = new Int32Array(2);
    sampleRows(logits, 0, 4, 2, 4, 0, 1, [0.99, 0.5], out);
    expect(Array.from(out)).toEqual([0, 3]); // row 0: class 0 (x = 9) holds 99.9 %; row 1: class 3 (x = 100)
  });
});
