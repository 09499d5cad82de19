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

export function positiveInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${where}: expected ${name} to be a positive integer, got ${shown(value)}`);
  }
  return value;
}

export function nonNegativeInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${where}: expected ${name} to be a non-negative integer, got ${shown(value)}`);
  }
  return value;
}

export function finiteNumber(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${where}: expected ${name} to be a finite number, got ${shown(value)}`);
  }
  return value;
}

export function positiveNumber(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${where}: expected ${name} to be a positive number, got ${shown(value)}`);
  }
  return value;
}

export function nonNegativeNumber(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${where}: expected ${name} to be a non-negative number, got ${shown(value)}`);
  }
  return value;
}

/** A number in [low, high) — e.g. a dropout probability in [0, 1). */
export function inRange(where: string, name: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value >= high) {
    throw new ConfigError(`${where}: expected ${name} in [${low}, ${high}), got ${shown(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(where: string, name: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${where}: expected ${name} to be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${shown(value)}`,
    );
  }
  return value as T;
}

export function boolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ConfigError(`${where}: expected ${name} to be true or false, got ${shown(value)}`);
  }
  return value;
}
