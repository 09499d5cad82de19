import { ConfigError, DataError } from '../errors';

/**
 * A seeded random number generator: xoshiro128** (Blackman & Vigna) seeded through splitmix32.
 * Fast, 2^128 − 1 period, and the same seed gives the same stream bit for bit on every machine,
 * because it only uses 32-bit integer arithmetic (Math.imul, shifts).
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low?: number, high?: number): number;
  /** Normal N(mean, std²) by the Box–Muller transform (the spare value is kept for the next call). */
  normal(mean?: number, std?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
  /** The generator's position (four 32-bit words and Box–Muller's spare value), for checkpoints. */
  getState(): RngState;
  /** Continues from a position getState() returned: the same numbers follow as after it. */
  setState(state: RngState): void;
}

/** A generator's position: xoshiro128**'s four state words and the spare normal value (or null). */
export interface RngState {
  readonly words: readonly [number, number, number, number];
  readonly spare: number | null;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError(`createRng: expected a finite seed, got ${String(seed)}`, {
      details: { key: 'seed', expected: 'a finite number', got: seed },
    });
  }
  // Fold the whole double (also seeds ≥ 2^32 and fractions) into the splitmix state.
  const high = Math.floor(seed / 4294967296) >>> 0;
  const init = splitmix32((seed >>> 0) ^ Math.imul(high, 0x27d4eb2d));
  let s0 = init(), s1 = init(), s2 = init(), s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const next = (): number => nextUint32() / 4294967296;

  return {
    next,
    uniform(low = 0, high = 1) {
      return low + (high - low) * next();
    },
    normal(mean = 0, std = 1) {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return mean + std * value;
      }
      let u = next();
      while (u === 0) u = next(); // log(0) guard
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return mean + std * radius * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      return Math.floor(next() * n);
    },
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
    getState() {
      return { words: [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0], spare: spare ?? null };
    },
    setState(state) {
      const words = state?.words;
      if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296)) {
        throw new DataError(`Rng.setState: expected { words: four 32-bit unsigned integers, spare }, got ${JSON.stringify(state)}`);
      }
      if (state.spare !== null && typeof state.spare !== 'number') {
        throw new DataError(`Rng.setState: expected spare to be a number or null, got ${JSON.stringify(state.spare)}`);
      }
      [s0, s1, s2, s3] = words.map((w) => w | 0) as [number, number, number, number];
      spare = state.spare ?? undefined;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let global: Rng = createRng(0x6b75);

/**
 * The generator used when a layer or function is not given one (weight init, Dropout).
 * Like torch.manual_seed: `manualSeed(42)` makes everything after it reproducible.
 */
export function globalRng(): Rng {
  return global;
}

export function manualSeed(seed: number): void {
  global = createRng(seed);
}
