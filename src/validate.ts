import { ConfigError } from './errors';

/*
 * Checks for constructor options, in Keras's words: "Linear: expected outputSize to be a positive
 * integer, got -3". Untrusted JSON configs are validated earlier, with JSON paths; these guard the
 * TypeScript API.
 */

/** A value as a message shows it: numbers as JavaScript prints them (NaN, Infinity — JSON would say null), the rest as JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** The ConfigError of a bad option, its key, expectation and value carried as `details`. */
export function optionError(where: string, name: string, expected: string, value: unknown, phrase = `to be ${expected}`): ConfigError {
  return new ConfigError(`${where}: expected ${name} ${phrase}, got ${shown(value)}`, {
    details: { key: name, expected, got: value },
  });
}

/** `value` when it is a number passing `ok`; otherwise the ConfigError "expected <name> to be <expected>". */
function numberOption(where: string, name: string, value: unknown, ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !ok(value)) throw optionError(where, name, expected, value);
  return value;
}

export const positiveInt = (where: string, name: string, value: unknown): number =>
  numberOption(where, name, value, (v) => Number.isInteger(v) && v > 0, 'a positive integer');

export const nonNegativeInt = (where: string, name: string, value: unknown): number =>
  numberOption(where, name, value, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');

export const finiteNumber = (where: string, name: string, value: unknown): number =>
  numberOption(where, name, value, Number.isFinite, 'a finite number');

export const positiveNumber = (where: string, name: string, value: unknown): number =>
  numberOption(where, name, value, (v) => Number.isFinite(v) && v > 0, 'a positive number');

export const nonNegativeNumber = (where: string, name: string, value: unknown): number =>
  numberOption(where, name, value, (v) => Number.isFinite(v) && v >= 0, 'a non-negative number');

/** A number in [low, high) — e.g. a dropout probability in [0, 1). */
export function inRange(where: string, name: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value >= high) {
    throw optionError(where, name, `a number in [${low}, ${high})`, value, `in [${low}, ${high})`);
  }
  return value;
}

export function oneOf<T extends string>(where: string, name: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw optionError(where, name, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, value);
  }
  return value as T;
}

export function boolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw optionError(where, name, 'true or false', value);
  }
  return value;
}

/** Constructor options must be an object (or omitted); `shape` lists them for the message. */
export function optionsObject<T>(where: string, shape: string, options: T): T {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`${where}: expected options ${shape}, got ${JSON.stringify(options)}`);
  }
  return options;
}
