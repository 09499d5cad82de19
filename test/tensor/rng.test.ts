import { ConfigError } from '../../src/errors';
import { createRng, globalRng, manualSeed } from '../../src/tensor/rng';

describe('createRng', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('draws uniform values in [0, 1) with the right mean and integers in range', () => {
    const rng = createRng(1);
    let total = 0;
    for (let i = 0; i < 20000; i++) {
      const v = rng.next();
      expect(v >= 0 && v < 1).toBe(true);
      total += v;
    }
    expect(total / 20000).toBeCloseTo(0.5, 1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[rng.int(3)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(900);
  });

  it('draws normal values with the requested mean and spread', () => {
    const rng = createRng(2);
    const values = Array.from({ length: 20000 }, () => rng.normal(3, 2));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(std).toBeCloseTo(2, 1);
  });

  it('shuffles in place into a permutation, reproducibly', () => {
    const a = createRng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = createRng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reseeds the global generator with manualSeed', () => {
    manualSeed(7);
    const first = globalRng().next();
    manualSeed(7);
    expect(globalRng().next()).toBe(first);
    expect(() => createRng(NaN)).toThrow(ConfigError);
    expect(() => createRng(NaN)).toThrow('createRng: expected a finite seed, got NaN');
    expect(() => createRng('abc' as unknown as number)).toThrow('createRng: expected a finite seed, got abc');
  });
});
