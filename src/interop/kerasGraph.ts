import { DataError } from '../errors';
import { describe, isObject, readKerasSequential, type Json, type JsonObject, type KerasLayerJson, type KerasSequential } from './kerasJson';

/*
 * A Keras functional model as kubiki reads it: Keras's "Functional" (TF.js and Keras ≤ 2.3 write
 * "Model"). Each layer lists its calls in `inbound_nodes`; a call names the tensors it reads as
 * [layer name, node index, tensor index]:
 * - Keras 2 and TF.js: a call is a list of [name, node, tensor, kwargs] (several for a merge layer):
 *     "inbound_nodes": [[["dense", 0, 0, {}], ["dense_1", 0, 0, {}]]]
 * - Keras 3: a call is { args, kwargs }, the tensors serialized as
 *     { "class_name": "__keras_tensor__", "config": { shape, dtype, "keras_history": ["dense", 0, 0] } }
 *   with `args` = [tensor] for a one-input layer and [[tensor, tensor, …]] for a merge layer.
 * `input_layers` / `output_layers` list the model's inputs and outputs as [name, node, tensor]
 * triples (Keras 3 writes a single triple, unwrapped, for a model of one input or output).
 * Node k of a layer is its k-th entry in inbound_nodes; an InputLayer has no entry and one node, 0.
 */

/** A tensor read by a call: the output `tensor` of call `node` of layer `layer`. */
export interface KerasTensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One call of a layer: the tensors it reads, and whether they came as a list (a merge layer's input). */
export interface KerasCall {
  readonly inputs: readonly KerasTensorRef[];
  readonly list: boolean;
  /** Where the call is in the document, for errors. */
  readonly at: string;
}

export interface KerasGraphLayer {
  readonly keras: KerasLayerJson;
  /** Its position in config.layers. */
  readonly index: number;
  readonly name: string;
  readonly calls: readonly KerasCall[];
  /** "… config.layers[3] (Dense "dense_1")", for errors. */
  readonly at: string;
}

export interface KerasGraph {
  readonly name: string;
  readonly layers: readonly KerasGraphLayer[];
  readonly inputs: readonly KerasTensorRef[];
  readonly outputs: readonly KerasTensorRef[];
  /** Where config is, for errors ("importTfjs: model.json modelTopology config"). */
  readonly at: string;
}

/** A Keras model document: a Sequential stack or a functional graph. */
export type KerasModel = { readonly kind: 'sequential'; readonly model: KerasSequential } | { readonly kind: 'functional'; readonly graph: KerasGraph };

/** The class names of a Keras functional model (Keras 2.4+ and 3 write Functional; TF.js and older Keras Model). */
export const FUNCTIONAL_CLASSES: readonly string[] = ['Functional', 'Model'];

/**
 * Reads a Keras model document (a Sequential or a functional model, Keras 2 or 3, TF.js's
 * modelTopology, or the converter's `{ model_config }` wrapper). `where` names the caller in errors.
 */
export function readKerasModel(doc: unknown, where: string): KerasModel {
  const model = isObject(doc) && isObject(doc.model_config) ? doc.model_config : doc;
  if (isObject(model) && typeof model.class_name === 'string' && FUNCTIONAL_CLASSES.includes(model.class_name)) {
    return { kind: 'functional', graph: readKerasFunctional(model, where) };
  }
  return { kind: 'sequential', model: readKerasSequential(doc, where) };
}

/** Reads a functional model object `{ class_name: "Functional" | "Model", config: { layers, input_layers, output_layers } }`. */
export function readKerasFunctional(model: JsonObject, where: string): KerasGraph {
  const config = model.config;
  const at = `${where} config`;
  if (!isObject(config)) throw new DataError(`${at}: expected an object with layers, input_layers and output_layers, got ${describe(config)}`);
  if (!Array.isArray(config.layers)) throw new DataError(`${at}.layers: expected an array, got ${describe(config.layers)}`);
  const names = new Set<string>();
  const layers = config.layers.map((entry, index): KerasGraphLayer => {
    const path = `${at}.layers[${index}]`;
    if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
      throw new DataError(`${path}: expected { class_name, config, inbound_nodes }, got ${describe(entry)}`);
    }
    const name = typeof entry.name === 'string' ? entry.name : entry.config.name;
    if (typeof name !== 'string' || name === '') throw new DataError(`${path}: expected a layer name (name or config.name), got ${describe(name ?? null)}`);
    if (names.has(name)) throw new DataError(`${path}: the layer name "${name}" is used twice; layer names must be unique`);
    names.add(name);
    const layerAt = `${path} (${entry.class_name} "${name}")`;
    const nodes = entry.inbound_nodes ?? [];
    if (!Array.isArray(nodes)) throw new DataError(`${layerAt}: expected inbound_nodes to be an array, got ${describe(nodes)}`);
    const keras: KerasLayerJson = {
      class_name: entry.class_name,
      config: entry.config,
      ...(typeof entry.module === 'string' ? { module: entry.module } : {}),
    };
    return { keras, index, name, at: layerAt, calls: nodes.map((node, k) => readCall(node, `${layerAt} inbound_nodes[${k}]`)) };
  });
  return {
    name: typeof config.name === 'string' ? config.name : 'model',
    layers,
    inputs: readEnds(config.input_layers, `${at}.input_layers`),
    outputs: readEnds(config.output_layers, `${at}.output_layers`),
    at,
  };
}

/** One entry of inbound_nodes, in the Keras 2/TF.js or the Keras 3 form. */
function readCall(node: Json, at: string): KerasCall {
  if (Array.isArray(node)) {
    // Keras 2 / TF.js: [[name, node, tensor, kwargs], …]; a bare [name, node, tensor] is one input.
    const refs = typeof node[0] === 'string' ? [node] : node;
    if (refs.length === 0) throw new DataError(`${at}: expected at least one input tensor, got []`);
    return {
      inputs: refs.map((ref, i) => {
        const path = `${at}[${i}]`;
        if (!Array.isArray(ref) || ref.length < 3 || ref.length > 4) {
          throw new DataError(`${path}: expected [layer name, node index, tensor index, kwargs], got ${describe(ref)}`);
        }
        if (ref.length === 4) checkKwargs(ref[3], path);
        return readRef(ref, path);
      }),
      list: refs.length > 1,
      at,
    };
  }
  if (isObject(node)) {
    const args = node.args;
    if (!Array.isArray(args) || args.length === 0) {
      throw new DataError(`${at}.args: expected [tensor] or [[tensor, …]] (the call's arguments), got ${describe(args ?? null)}`);
    }
    if (args.length > 1) {
      throw new DataError(
        `${at}.args: expected one argument (a tensor, or a list of tensors for a merge layer), got ${args.length}; ` +
          'kubiki layers are called on one input',
      );
    }
    checkKwargs(node.kwargs, `${at}.kwargs`);
    const first = args[0] as Json;
    const list = Array.isArray(first);
    const tensors = list ? first : [first];
    return { inputs: tensors.map((t, i) => readKerasTensor(t, list ? `${at}.args[0][${i}]` : `${at}.args[0]`)), list, at };
  }
  throw new DataError(`${at}: expected a call (Keras 2: [[name, node, tensor, kwargs], …]; Keras 3: { args, kwargs }), got ${describe(node)}`);
}

/** A Keras 3 `__keras_tensor__` object → its history triple. */
function readKerasTensor(value: Json, at: string): KerasTensorRef {
  if (!isObject(value) || value.class_name !== '__keras_tensor__' || !isObject(value.config)) {
    throw new DataError(`${at}: expected a tensor { class_name: "__keras_tensor__", config: { keras_history } }, got ${describe(value)}`);
  }
  const history = value.config.keras_history;
  if (!Array.isArray(history) || history.length !== 3) {
    throw new DataError(`${at}.config.keras_history: expected [layer name, node index, tensor index], got ${describe(history ?? null)}`);
  }
  return readRef(history, `${at}.config.keras_history`);
}

/** Call options kubiki can honour: none, or ones that do not change inference (training: false, mask: null). */
function checkKwargs(kwargs: Json | undefined, at: string): void {
  if (kwargs === undefined || kwargs === null) return;
  if (!isObject(kwargs)) throw new DataError(`${at}: expected the call's keyword arguments as an object, got ${describe(kwargs)}`);
  for (const [key, value] of Object.entries(kwargs)) {
    if (value === null || (key === 'training' && value === false)) continue;
    throw new DataError(`${at}: the call passes ${key}=${JSON.stringify(value)}, which kubiki layers do not take; rebuild the model without it`);
  }
}

function readRef(ref: Json[], at: string): KerasTensorRef {
  const [layer, node, tensor] = ref;
  const index = (v: Json | undefined): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (typeof layer !== 'string' || !index(node) || !index(tensor)) {
    throw new DataError(`${at}: expected [layer name, node index, tensor index], got ${describe(ref)}`);
  }
  return { layer, node, tensor };
}

/** input_layers / output_layers: a list of triples, one bare triple (Keras 3), or a record of triples. */
function readEnds(value: Json | undefined, at: string): KerasTensorRef[] {
  if (Array.isArray(value) && typeof value[0] === 'string') return [readRef(value, at)];
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : undefined;
  if (list === undefined || list.length === 0) {
    throw new DataError(`${at}: expected a list of [layer name, node index, tensor index], got ${describe(value ?? null)}`);
  }
  return list.map((ref, i) => {
    if (!Array.isArray(ref)) throw new DataError(`${at}[${i}]: expected [layer name, node index, tensor index], got ${describe(ref)}`);
    return readRef(ref, `${at}[${i}]`);
  });
}
