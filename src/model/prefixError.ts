import { KubikiError } from '../errors';

/**
 * The error re-thrown by a container for a failing child: the same class (so `instanceof
 * ShapeError` still holds), the message prefixed with where it happened (`layers[2] (Linear): …`),
 * `path` set to that place, `details` and the original (as `cause`) kept. An error that already
 * has a path (addressed by an inner container or the config resolver) passes unchanged, and so
 * does any error that is not a KubikiError (a bug, not bad input: its stack says where).
 */
export function prefixError(error: unknown, prefix: string): unknown {
  if (!(error instanceof KubikiError) || error.path !== undefined) return error;
  const ErrorClass = error.constructor as typeof KubikiError;
  return new ErrorClass(`${prefix}: ${error.message}`, { path: prefix, details: error.details, cause: error });
}

/**
 * prefixError for containers: nested containers prefix in turn, outermost first
 * (`layers[1] (Residual): block (Sequential): layers[0] (Linear): …`), the path growing the same
 * way, so an error deep in a tree names every level on the way down.
 */
export function nestError(error: unknown, prefix: string): unknown {
  if (!(error instanceof KubikiError)) return error;
  const ErrorClass = error.constructor as typeof KubikiError;
  const path = error.path === undefined ? prefix : `${prefix}: ${error.path}`;
  return new ErrorClass(`${prefix}: ${error.message}`, { path, details: error.details, cause: error });
}
