import { KubikiError } from '../errors';

/**
 * The error re-thrown by a container for a failing child: the same class (so `instanceof
 * ShapeError` still holds), the message prefixed with where it happened (`layers[2] (Linear): …`),
 * `path` set to that place, `details` and the original (as `cause`) kept. Nested containers prefix
 * in turn, outermost first (`layers[1] (Residual): block (Sequential): layers[0] (Linear): …`), the
 * path growing the same way. Any error that is not a KubikiError (a bug, not bad input: its stack
 * says where) passes unchanged.
 */
export function prefixError(error: unknown, prefix: string): unknown {
  if (!(error instanceof KubikiError)) return error;
  const ErrorClass = error.constructor as typeof KubikiError;
  const path = error.path === undefined ? prefix : `${prefix}: ${error.path}`;
  return new ErrorClass(`${prefix}: ${error.message}`, { path, details: error.details, cause: error });
}
