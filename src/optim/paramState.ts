import { ShapeError, formatShape } from '../errors';
import type { Param } from '../tensor/Param';
import type { Tensor } from '../tensor/Tensor';

/**
 * Per-parameter optimizer state, keyed by the parameter's value tensor rather than by the Param
 * object, so callers may hand fresh Param wrappers of the same tensors at every step. A WeakMap, so
 * the state of a discarded model is collected with it.
 */
export class ParamState<S> {
  private readonly states = new WeakMap<Tensor, S>();

  constructor(
    private readonly where: string,
    private readonly create: (value: Tensor) => S,
  ) {}

  /** The state of `param` (created on its first step), after checking grad matches value. */
  get(param: Param): S {
    checkGrad(this.where, param);
    let state = this.states.get(param.value);
    if (state === undefined) {
      state = this.create(param.value);
      this.states.set(param.value, state);
    }
    return state;
  }
}

/** Throws unless the gradient has as many values as the parameter. */
export function checkGrad(where: string, param: Param): void {
  if (param.grad.size !== param.value.size) {
    throw new ShapeError(
      `${where}.step: expected the grad of "${param.name}" to have shape ${formatShape(param.value.shape)}, got ${formatShape(param.grad.shape)}`,
    );
  }
}
