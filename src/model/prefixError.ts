/**
 * The error re-thrown by a container for a failing child: the same class (so `instanceof
 * ShapeError` still holds), the message prefixed with where it happened (`layers[2] (Linear): …`),
 * the original kept as `cause`. Nested containers prefix in turn, outermost first
 * (`layers[1] (Residual): block: layers[0] (Linear): …`).
 */
export function prefixError(error: unknown, prefix: string): unknown {
  if (!(error instanceof Error)) return error;
  const ErrorClass = error.constructor as new (message: string) => Error;
  let wrapped: Error;
  try {
    wrapped = new ErrorClass(`${prefix}: ${error.message}`);
  } catch {
    return error;
  }
  wrapped.cause = error;
  return wrapped;
}
