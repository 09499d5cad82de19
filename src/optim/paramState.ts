import { DataError, ShapeError, formatShape } from '../errors';
import { pinResident, residentSession } from '../kernels/resident';
import { decodeFloatsInto, encodeFloats } from '../model/floatCodec';
import type { Param } from '../tensor/Param';
import type { FloatArray, Tensor } from '../tensor/Tensor';

/** One parameter's optimizer state: its buffers and counters. */
export type StateFields = Record<string, FloatArray | number | undefined>;

/** An optimizer's state as JSON: its type, the learning rate, and each parameter's state by name. */
export interface OptimizerState {
  readonly type: string;
  readonly lr: number;
  readonly params: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Per-parameter optimizer state, keyed by the parameter's value tensor rather than by the Param
 * object, so callers may hand fresh Param wrappers of the same tensors at every step. The state is
 * also listed by parameter name, for stateDict(); a state loaded by name waits for the first step
 * of the parameter with that name.
 */
export class ParamState<S extends StateFields> {
  private states = new WeakMap<Tensor, S>();
  private byName = new Map<string, S>();
  private pending = new Map<string, Readonly<Record<string, unknown>>>();
  /** The resident session (kernels/resident.ts) each state's buffers were last pinned for. */
  private pinned = new WeakMap<S, number>();

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
      const saved = this.pending.get(param.name);
      if (saved !== undefined) {
        this.pending.delete(param.name);
        restore(this.where, param.name, state, saved);
      }
      this.states.set(param.value, state);
      this.byName.set(param.name, state);
    }
    const session = residentSession();
    if (session !== 0 && this.pinned.get(state) !== session) {
      this.pinned.set(state, session);
      pin(state);
    }
    return state;
  }

  /** Every parameter's state by name, buffers as exact base64 (see floatCodec). */
  toJSON(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, saved] of this.pending) out[name] = { ...saved };
    for (const [name, state] of this.byName) {
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(state)) {
        fields[key] = value === undefined ? null : typeof value === 'number' ? value : encodeFloats(value);
      }
      out[name] = fields;
    }
    return out;
  }

  /** Replaces all state with `saved`; each parameter takes its entry at its next step. */
  load(saved: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
    this.states = new WeakMap();
    this.byName = new Map();
    this.pending = new Map(Object.entries(saved));
  }
}

/**
 * Inside a resident fit (wasm backend), moves a state's float32 buffers into the wasm memory for
 * the rest of it, so the update kernels use them in place instead of copying them in and out at
 * every step; at the end of the fit the values go back into the original arrays, which the state
 * holds again (unless a loadStateDict replaced the buffer meanwhile).
 */
function pin(state: StateFields): void {
  for (const [key, value] of Object.entries(state)) {
    if (!(value instanceof Float32Array)) continue;
    const copy = pinResident(value, (original, resident) => {
      if (state[key] === resident) state[key] = original;
    });
    if (copy) state[key] = copy;
  }
}

function restore(where: string, name: string, state: StateFields, saved: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(state)) {
    const entry = saved[key];
    const bad = (): never => {
      throw new DataError(`${where}.loadStateDict: params["${name}"].${key}: expected state that fits this parameter, got ${JSON.stringify(entry)?.slice(0, 60)}`);
    };
    if (typeof value === 'number') {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) bad();
      state[key] = entry as number;
    } else if (value !== undefined) {
      if (!decodeFloatsInto(entry, value)) bad();
    }
  }
}

/** Checks a state dict's shape and type before an optimizer takes it. */
export function checkStateDict(where: string, type: string, state: unknown): OptimizerState {
  const s = state as Partial<OptimizerState> | null;
  if (typeof s !== 'object' || s === null || typeof s.params !== 'object' || s.params === null || typeof s.lr !== 'number') {
    throw new DataError(`${where}.loadStateDict: expected { type, lr, params } from stateDict(), got ${JSON.stringify(state)?.slice(0, 60)}`);
  }
  if (s.type !== type) {
    throw new DataError(`${where}.loadStateDict: expected the state of a ${type} optimizer, got ${JSON.stringify(s.type)}; use the optimizer the checkpoint was made with`);
  }
  return s as OptimizerState;
}

/** Throws unless the gradient has as many values as the parameter. */
export function checkGrad(where: string, param: Param): void {
  if (param.grad.size !== param.value.size) {
    throw new ShapeError(
      `${where}.step: expected the grad of "${param.name}" to have shape ${formatShape(param.value.shape)}, got ${formatShape(param.grad.shape)}`,
    );
  }
}
