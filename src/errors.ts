/**
 * Every error kubiki throws is a KubikiError, so callers can tell "bad input to kubiki" apart from a
 * bug. Messages read "where: expected X, got Y" and, where there is one, say the fix.
 */
export class KubikiError extends Error {
  /**
   * Where the error happened, as a JSON path string in the form messages print it
   * (`model.layers[0].outputSize`, `loss`, `layers[2] (Linear)` for a model's child), when known.
   */
  readonly path: string | undefined;
  /** The bad value, when one option is at fault: its key, what was expected, what was received. */
  readonly details: ErrorDetails | undefined;

  constructor(message: string, options: KubikiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.path = options.path;
    this.details = options.details;
  }
}

/** One bad option: `key` (e.g. "outputSize"), `expected` ("a positive integer"), `got` (the value). */
export interface ErrorDetails {
  readonly key: string;
  readonly expected: string;
  readonly got: unknown;
}

export interface KubikiErrorOptions {
  readonly path?: string;
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/** A tensor of the wrong shape reached a layer, loss or kernel. */
export class ShapeError extends KubikiError {}

/** A config (JSON, constructor options) is malformed or out of range. */
export class ConfigError extends KubikiError {}

/** A data file or data set is malformed (CSV, model file, labels). */
export class DataError extends KubikiError {}

/** Training produced NaN or Infinity, or a numeric precondition failed. */
export class NumericError extends KubikiError {}

/**
 * The host cannot do this: files, or worker threads, in the browser build. The message names the
 * in-memory alternative; `api` is the function that was called (saveModel, loadCsv, …).
 */
export class PlatformError extends KubikiError {
  constructor(
    message: string,
    readonly api: string,
  ) {
    super(message);
  }
}

/** Shapes as people read them: [2, 3]. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Exhaustiveness check for discriminated unions: the compiler proves this is never reached. */
export function assertNever(value: never, where: string): never {
  throw new ConfigError(`${where}: unexpected value ${JSON.stringify(value)}`);
}
