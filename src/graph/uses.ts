import type { Layer } from '../layers/Layer';
import type { MergeLayer } from '../layers/merge/MergeLayer';
import { createRng, globalRng, type Rng } from '../tensor/rng';
import type { Tensor } from '../tensor/Tensor';

/*
 * Shared layers. A layer caches ONE forward for its backward, so a layer instance used twice (in a
 * container or a graph) would run backward on the wrong cache. Containers therefore call their
 * children through forwardChild/backwardChild, which do nothing extra for a layer used once, and for
 * a layer used more than once:
 *   - remember each use's input (a Use) and stamp the layer with the use that ran forward last;
 *   - before a use's backward, if another use ran forward since, run this use's forward again
 *     (replay), with the same random mask (a Dropout inside gets a generator seeded per use) and
 *     with the buffers (BatchNorm's running statistics) restored, so the replay changes nothing but
 *     the cache.
 * Both uses then add into the same Param.grad, as PyTorch does for a module called twice.
 * "Used more than once" is decided by the outermost container (the root) over its whole tree.
 */

type Child = Layer | MergeLayer;

/** A container's record of one call of one child. */
export class Use {
  input: Tensor | readonly Tensor[] | undefined;
  stamp = 0;
  seed: number | undefined;
}

/** The root container's view: which layers occur more than once, and where replay seeds come from. */
export interface UseScope {
  sublayers(): readonly Child[];
  sharedLayers: ReadonlySet<Child>;
  rng: Rng | undefined;
}

const NONE: ReadonlySet<Child> = new Set();
let depth = 0;
let active: ReadonlySet<Child> = NONE;
let seeds: Rng | undefined;
let stamps = 0;
const lastStamp = new WeakMap<Child, number>();

/** A container's children (Sequential's layers, Residual's block and shortcut, a Model's layers). */
export function sublayersOf(layer: Child): readonly Child[] {
  const withChildren = layer as Partial<Pick<UseScope, 'sublayers'>>;
  return typeof withChildren.sublayers === 'function' ? withChildren.sublayers() : [];
}

/** Every layer that occurs more than once in the trees under `roots` (counted once per occurrence). */
export function findShared(roots: readonly Child[]): Set<Child> {
  const seen = new Set<Child>();
  const shared = new Set<Child>();
  const visit = (layer: Child): void => {
    if (seen.has(layer)) {
      shared.add(layer);
      return;
    }
    seen.add(layer);
    for (const child of sublayersOf(layer)) visit(child);
  };
  roots.forEach(visit);
  return shared;
}

/**
 * Runs a container's forward or backward; when it is the outermost container, its shared layers
 * are the active set for everything inside (a forward recomputes them: the tree may have changed).
 */
export function inScope<T>(scope: UseScope, forward: boolean, fn: () => T): T {
  if (depth > 0) return fn();
  if (forward) scope.sharedLayers = findShared(scope.sublayers());
  active = scope.sharedLayers;
  seeds = scope.rng;
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    active = NONE;
  }
}

/** child.forward(input), remembering the input (and a mask seed) when the child is shared. */
export function forwardChild<T extends Tensor | readonly Tensor[]>(
  child: { forward(input: T): Tensor; training: boolean; setRng?(rng: Rng): void },
  input: T,
  use: Use,
): Tensor {
  if (!active.has(child as Child)) return child.forward(input);
  use.input = input;
  use.stamp = ++stamps;
  lastStamp.set(child as Child, use.stamp);
  use.seed = undefined;
  if (child.training && child.setRng) {
    use.seed = (seeds ?? globalRng()).int(2147483647);
    child.setRng(createRng(use.seed));
  }
  return child.forward(input);
}

/** Makes sure a shared child's cache belongs to `use` before its backward. */
export function ensureCache(child: Child, use: Use): void {
  if (!active.has(child) || lastStamp.get(child) === use.stamp || use.input === undefined) return;
  const buffers = (child.buffers?.() ?? []).map((b) => b.value.data.slice());
  if (use.seed !== undefined) child.setRng?.(createRng(use.seed));
  (child.forward as (input: Tensor | readonly Tensor[]) => Tensor)(use.input);
  (child.buffers?.() ?? []).forEach((b, i) => b.value.data.set(buffers[i] as Float64Array));
  lastStamp.set(child, use.stamp);
}

/** child.backward(gradOut) for `use`: backwardParams when `paramsOnly` and the child has it. */
export function backwardChild(child: Layer, gradOut: Tensor, use: Use, paramsOnly = false): Tensor | undefined {
  ensureCache(child, use);
  if (paramsOnly && child.backwardParams) {
    child.backwardParams(gradOut);
    return undefined;
  }
  return child.backward(gradOut);
}
