import { didYouMean } from '../util/suggest';
import { KubikiError } from '../errors';
import { buildLayer, LAYER_TYPES } from '../layers/buildLayer';
import type { LayerConfig } from '../layers/LayerConfig';
import { buildMergeLayer, isMergeType, MERGE_TYPES } from '../layers/merge/buildMergeLayer';
import type { MergeConfig } from '../layers/merge/MergeConfig';
import type { Rng } from '../tensor/rng';
import type { Shape } from '../tensor/Tensor';
import { apply } from './apply';
import { Input } from './Input';
import { Model, type AnyModel } from './Model';
import type { GraphLayer, SymbolicTensor } from './SymbolicTensor';

/** A graph input in a config: its name and the shape of one sample. */
export interface GraphInputConfig {
  readonly name: string;
  readonly shape: readonly number[];
}

/** A node: a layer config plus its name and the names it reads, or `shares` another node's layer. */
export type GraphNodeConfig =
  | ((LayerConfig | MergeConfig) & { readonly name: string; readonly inputs: readonly string[] })
  | { readonly name: string; readonly shares: string; readonly inputs: readonly string[] };

/**
 * A functional graph as JSON (model.json's `"model"` and the model file's `"graph"`):
 *   { "inputs": [{ "name": "x", "shape": [4] }],
 *     "layers": [{ "name": "h", "type": "Linear", "outputSize": 8, "inputs": ["x"] }, …],
 *     "outputs": ["h"] }           // or "outputs": "h" for a model with one output tensor
 * A node `{ "name": "h2", "shares": "h", "inputs": ["x2"] }` calls node h's layer again (one set
 * of parameters, a siamese network).
 */
export interface GraphConfig {
  readonly name?: string;
  readonly inputs: readonly GraphInputConfig[];
  readonly layers: readonly GraphNodeConfig[];
  readonly outputs: string | readonly string[];
}

export function graphToConfig(model: AnyModel): GraphConfig {
  const slotName = [...model.inputs.map((i) => i.name), ...model.nodes.map((n) => n.name)];
  const layers = model.nodes.map((node): GraphNodeConfig => {
    const inputs = node.inputSlots.map((s) => slotName[s] as string);
    if (node.layerName !== node.name) return { name: node.name, shares: node.layerName, inputs };
    return { name: node.name, ...node.layer.toConfig(), inputs } as GraphNodeConfig;
  });
  const outputs = model.outputSlots.map((s) => slotName[s] as string);
  return {
    ...(model.name === 'Model' ? {} : { name: model.name }),
    inputs: model.inputs.map((i) => ({ name: i.name, shape: [...i.shape] })),
    layers,
    outputs: model.outputsArray ? outputs : (outputs[0] as string),
  };
}

export interface GraphBuildOptions {
  /** The JSON path of the graph in error messages ("model", "graph"). */
  path: string;
  /** Makes the error thrown for a problem (a DataError for files, a ConfigError for model.json). */
  error: (message: string) => KubikiError;
  /** Builds one node's layer; the default builds complete configs with buildLayer / buildMergeLayer. */
  build?: (entry: Record<string, unknown> & { type: string }, inputShapes: readonly Shape[], path: string) => GraphLayer;
  rng?: Rng;
}

/** Checks a graph config of unknown origin and builds the Model; every problem names its JSON path and nodes. */
export function graphFromConfig(json: unknown, options: GraphBuildOptions): Model {
  const { path, error } = options;
  const fail = (where: string, message: string): never => {
    throw error(`${where}: ${message}`);
  };
  if (!isObject(json)) fail(path, `expected { "inputs": [...], "layers": [...], "outputs": [...] }, got ${describe(json)}`);
  const graph = json as Record<string, unknown>;
  const inputEntries = graph.inputs;
  if (!Array.isArray(inputEntries) || inputEntries.length === 0) {
    fail(`${path}.inputs`, `expected a non-empty array of { "name", "shape" }, got ${describe(inputEntries)}`);
  }
  const layerEntries = graph.layers;
  if (!Array.isArray(layerEntries)) fail(`${path}.layers`, `expected an array of nodes, got ${describe(layerEntries)}`);
  const outputsValue = graph.outputs;
  const outputNames = typeof outputsValue === 'string' ? [outputsValue] : outputsValue;
  if (!Array.isArray(outputNames) || outputNames.length === 0 || !outputNames.every((n) => typeof n === 'string')) {
    fail(`${path}.outputs`, `expected a node name or a non-empty array of node names, got ${describe(outputsValue)}`);
  }

  const where = new Map<string, string>(); // name → JSON path of its definition
  const inputs = new Map<string, SymbolicTensor>();
  (inputEntries as unknown[]).forEach((entry, i) => {
    const at = `${path}.inputs[${i}]`;
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') fail(at, `expected { "name": "x", "shape": [4] }, got ${describe(entry)}`);
    const { name, shape } = entry as { name: string; shape: unknown };
    if (where.has(name)) fail(`${at}.name`, `"${name}" is already the name of ${where.get(name)}`);
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      fail(`${at}.shape`, `expected the shape of one sample (positive integers, no batch), got ${describe(shape)}`);
    }
    where.set(name, at);
    inputs.set(name, Input(shape as number[], { name }));
  });
  const entries = new Map<string, { entry: Record<string, unknown>; at: string }>();
  (layerEntries as unknown[]).forEach((entry, i) => {
    const at = `${path}.layers[${i}]`;
    if (!isObject(entry)) fail(at, `expected a node { "name", "type", …, "inputs": [...] }, got ${describe(entry)}`);
    const node = entry as Record<string, unknown>;
    if (typeof node.name !== 'string' || node.name === '' || node.name.includes('.')) {
      fail(`${at}.name`, `expected a node name (a non-empty string without "."), got ${describe(node.name)}`);
    }
    const name = node.name as string;
    if (where.has(name)) fail(`${at}.name`, `"${name}" is already the name of ${where.get(name)}`);
    if (!Array.isArray(node.inputs) || node.inputs.length === 0 || !node.inputs.every((n) => typeof n === 'string')) {
      fail(`${at}.inputs`, `expected a non-empty array of input or node names, got ${describe(node.inputs)}`);
    }
    if (node.shares === undefined && typeof node.type !== 'string') {
      fail(`${at}.type`, `expected a layer type (or "shares": "<node>" to reuse another node's layer), got ${describe(node.type)}`);
    }
    where.set(name, at);
    entries.set(name, { entry: node, at });
  });
  const known = [...where.keys()];
  const unknownName = (at: string, name: string): never =>
    fail(at, `unknown node "${name}"${didYouMean(name, known) || `; expected one of ${known.join(', ')}`}`);

  const built = new Map<string, SymbolicTensor>();
  const layerOf = new Map<string, GraphLayer>();
  const resolve = (name: string, at: string, chain: readonly string[]): SymbolicTensor => {
    const input = inputs.get(name);
    if (input) return input;
    const done = built.get(name);
    if (done) return done;
    const found = entries.get(name);
    if (!found) return unknownName(at, name);
    if (chain.includes(name)) {
      // In data-flow order: each node feeds the next.
      const cycle = [...chain.slice(chain.indexOf(name)), name].reverse().map((n) => `"${n}"`).join(' → ');
      return fail(found.at, `the graph has a cycle: ${cycle}; a node cannot depend on its own output`);
    }
    const { entry } = found;
    const next = [...chain, name];
    const ins = (entry.inputs as string[]).map((n, j) => resolve(n, `${found.at}.inputs[${j}]`, next));
    let layer: GraphLayer;
    if (entry.shares !== undefined) {
      const target = entry.shares;
      if (typeof target !== 'string' || !entries.has(target)) {
        return typeof target === 'string' ? unknownName(`${found.at}.shares`, target) : fail(`${found.at}.shares`, `expected a node name, got ${describe(target)}`);
      }
      if (entries.get(target)?.entry.shares !== undefined) fail(`${found.at}.shares`, `"${target}" shares a layer itself; name the node that defines it`);
      resolve(target, `${found.at}.shares`, next);
      layer = layerOf.get(target) as GraphLayer;
    } else {
      layer = buildNode(entry as Record<string, unknown> & { type: string }, ins.map((s) => [1, ...s.shape]), found.at, options);
    }
    layerOf.set(name, layer);
    let out: SymbolicTensor;
    try {
      out = apply(layer, isMerge(layer) ? ins : (ins.length === 1 ? ins[0] as SymbolicTensor : ins), { name });
    } catch (e) {
      if (!(e instanceof KubikiError)) throw e;
      return fail(`${found.at} ("${name}")`, e.message);
    }
    built.set(name, out);
    return out;
  };
  const outputs = (outputNames as string[]).map((n, k) => resolve(n, `${path}.outputs${typeof outputsValue === 'string' ? '' : `[${k}]`}`, []));
  const inputList = [...inputs.values()];
  const name = typeof graph.name === 'string' ? graph.name : undefined;
  try {
    return new Model({
      inputs: inputList.length === 1 ? (inputList[0] as SymbolicTensor) : inputList,
      outputs: typeof outputsValue === 'string' ? (outputs[0] as SymbolicTensor) : outputs,
      name,
    });
  } catch (e) {
    if (!(e instanceof KubikiError)) throw e;
    return fail(path, e.message);
  }
}

function buildNode(
  entry: Record<string, unknown> & { type: string },
  inputShapes: readonly Shape[],
  at: string,
  options: GraphBuildOptions,
): GraphLayer {
  const { name: _name, inputs: _inputs, ...config } = entry;
  const typed = config as Record<string, unknown> & { type: string };
  if (options.build) return options.build(typed, inputShapes, at);
  const types = [...LAYER_TYPES, ...MERGE_TYPES] as string[];
  if (!types.includes(typed.type)) {
    throw options.error(`${at}.type: unknown layer ${JSON.stringify(typed.type)}${didYouMean(typed.type, types) || `; expected one of ${types.join(', ')}`}`);
  }
  try {
    return isMergeType(typed.type) ? buildMergeLayer(typed as unknown as MergeConfig) : buildLayer(typed as unknown as LayerConfig, options.rng);
  } catch (e) {
    if (!(e instanceof KubikiError)) throw e;
    throw options.error(`${at} (${typed.type}): ${e.message}`);
  }
}

function isMerge(layer: GraphLayer): boolean {
  return (layer as { merge?: unknown }).merge === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
