import { InvalidArgumentError } from 'commander';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, DataError, KubikiError, NumericError, ShapeError, atomicWrite } from '../src';

/** Bad command-line usage (exit 2). */
export class UsageError extends Error {}

/** The job ran and failed: gradcheck over tolerance, and the like (exit 1). */
export class JobFailed extends Error {}

/**
 * Exit codes: 0 success; 1 the job failed (diverged, gradcheck over tolerance, a bug);
 * 2 bad usage or bad input (config, data, model file, paths).
 */
export function exitCodeOf(error: unknown): 1 | 2 {
  if (error instanceof UsageError) return 2;
  if (error instanceof ConfigError || error instanceof DataError || error instanceof ShapeError) return 2;
  if (error instanceof NumericError || error instanceof JobFailed) return 1;
  return 1;
}

/** One line (or block) on stderr; the stack only with --debug or for an unexpected error class. */
export function reportError(error: unknown, debug: boolean): void {
  const known = error instanceof KubikiError || error instanceof UsageError || error instanceof JobFailed;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${known ? message : `unexpected ${(error as Error)?.name ?? 'error'}: ${message}`}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else if (!known) process.stderr.write('(run with --debug for the stack trace)\n');
}

/** Creates the directory that will hold `file`, and refuses a directory in its place (before any work, so a bad path fails fast). */
export function ensureDirectoryFor(file: string, what: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    throw new DataError(`${what}: cannot create the directory "${dirname(file)}" (${(error as Error).message})`);
  }
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DataError(`${what}: "${file}" is a directory; expected a file path`);
  }
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new DataError(`${what}: cannot write into the directory "${dirname(file)}" (permission denied); choose another path`);
  }
}

/** Writes a file whole or not at all (a temporary file beside it, then a rename), after checking the path. */
export function writeFileAtomic(file: string, text: string, what: string): void {
  ensureDirectoryFor(file, what);
  atomicWrite(file, text, what);
}

/** Parses a command-line integer option (commander argParser); `min` and `max` bound it. */
export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected an integer ≥ ${min}` : `expected an integer in ${min}..${max}`);
    }
    return n;
  };
}

/** Parses a positive number option (commander argParser). */
export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}
