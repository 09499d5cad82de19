import type { Tensor } from './Tensor';

/** A trainable tensor and the gradient that backward accumulates into (same shape). */
export interface Param {
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
}

/**
 * Non-trainable state that belongs in the model file (BatchNorm's running mean and variance):
 * saved and loaded with the weights, never touched by an optimizer.
 */
export interface StateTensor {
  readonly name: string;
  readonly value: Tensor;
}

const distinctCache = new WeakMap<readonly Param[], readonly Param[]>();

/**
 * The parameters whose value tensor appears for the first time, in order. A layer used twice is
 * listed at each use by paramGrads() (as PyTorch's state_dict lists '0.weight' and '2.weight'), but
 * its tensor must be stepped, clipped and counted once, with the sum of its uses' gradients (as
 * PyTorch's parameters() yields it once). Cached per list: the lists containers hand out are
 * built once, so a training step allocates nothing here.
 */
export function distinctParams(params: readonly Param[]): readonly Param[] {
  const cached = distinctCache.get(params);
  if (cached !== undefined) return cached;
  const seen = new Set<Tensor>();
  const distinct = params.filter((param) => {
    if (seen.has(param.value)) return false;
    seen.add(param.value);
    return true;
  });
  const result = distinct.length === params.length ? params : distinct;
  distinctCache.set(params, result);
  return result;
}
