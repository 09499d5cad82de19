import { ConfigError } from '../errors';
import type { Json, JsonObject } from './kerasJson';

/*
 * The order of a shared layer's inbound nodes, as loaders rebuild it. A reference [name, k, 0]
 * means "the k-th call of layer `name` that the loader made", and TF.js makes the calls in sweeps:
 * layer by layer in config.layers order, each layer's pending calls in order, a call whose inputs
 * do not exist yet put back for the next sweep while the layer's later calls go ahead. (Keras waits
 * instead: it stops at the first call it cannot make.) A layer reused at different depths, as in
 * A(B(A(x))), can therefore get its calls in another order than written, and the references would
 * point at the wrong call. orderCalls rewrites each layer's inbound_nodes in the order TF.js makes
 * them (and the references to match) until the two agree; in that order Keras makes them too.
 */

/** Sweeps needed at most before giving up (each reorders; real graphs settle in one or two). */
const MAX_ROUNDS = 20;

/**
 * Reorders the inbound_nodes of `layers` (Keras 2 / TF.js form, `[[name, node, 0, {}], …]` per call)
 * and renumbers every reference, in place, including `outputs` ([name, node, 0] triples).
 */
export function orderCalls(layers: readonly JsonObject[], outputs: Json[][], where: string): void {
  const names = layers.map((layer) => layer.name as string);
  const isInput = new Set(layers.filter((layer) => layer.class_name === 'InputLayer').map((layer) => layer.name as string));
  // Each call gets an id (its written index now); references are kept as ids while the order changes.
  const calls = new Map(layers.map((layer) => [layer.name as string, (layer.inbound_nodes as Json[][][]).map((call) => call.map((ref) => ({ layer: ref[0] as string, id: ref[1] as number, rest: ref.slice(2) })))]));
  let order = new Map(names.map((name) => [name, (calls.get(name) as unknown[]).map((_, id) => id)]));
  for (let round = 0; ; round++) {
    const made = sweep(names, isInput, calls, order);
    if (names.every((name) => sameOrder(made.get(name) as number[], order.get(name) as number[]))) break;
    if (round === MAX_ROUNDS) {
      throw new ConfigError(`${where}: cannot order the calls of the shared layers so that TF.js rebuilds them as written; export to ONNX instead`);
    }
    order = made;
  }
  const position = (layer: string, id: number): number => (isInput.has(layer) ? id : (order.get(layer) as number[]).indexOf(id));
  for (const layer of layers) {
    const name = layer.name as string;
    const byId = calls.get(name) as { layer: string; id: number; rest: Json[] }[][];
    layer.inbound_nodes = (order.get(name) as number[]).map((id) => (byId[id] as { layer: string; id: number; rest: Json[] }[]).map((ref) => [ref.layer, position(ref.layer, ref.id), ...ref.rest]));
  }
  for (const output of outputs) output[1] = position(output[0] as string, output[1] as number);
}

/** The order TF.js makes each layer's calls in, when they are written in `order` (ids). */
function sweep(
  names: readonly string[],
  isInput: ReadonlySet<string>,
  calls: ReadonlyMap<string, readonly (readonly { layer: string; id: number }[])[]>,
  order: ReadonlyMap<string, readonly number[]>,
): Map<string, number[]> {
  const made = new Map(names.map((name) => [name, [] as number[]]));
  const pending = new Map(names.map((name) => [name, [...(order.get(name) as number[])]]));
  // A reference [layer, k] is ready when the layer has made more than k calls (TF.js counts them).
  const ready = (ref: { layer: string; id: number }): boolean => {
    if (isInput.has(ref.layer)) return true;
    const written = (order.get(ref.layer) as readonly number[]).indexOf(ref.id);
    return (made.get(ref.layer) as number[]).length > written;
  };
  let left = names.reduce((n, name) => n + (pending.get(name) as number[]).length, 0);
  while (left > 0) {
    let progress = false;
    for (const name of names) {
      const queue = pending.get(name) as number[];
      pending.set(name, []);
      for (const id of queue) {
        if (((calls.get(name) as readonly (readonly { layer: string; id: number }[])[])[id] ?? []).every(ready)) {
          (made.get(name) as number[]).push(id);
          left--;
          progress = true;
        } else {
          (pending.get(name) as number[]).push(id);
        }
      }
    }
    if (!progress) break; // a reference that never becomes ready: left as written, the loader will say so
  }
  for (const name of names) (made.get(name) as number[]).push(...(pending.get(name) as number[]));
  return made;
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
