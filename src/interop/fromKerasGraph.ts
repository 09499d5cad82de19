import { DataError, KubikiError, formatShape } from '../errors';
import { apply } from '../graph/apply';
import { Input } from '../graph/Input';
import { Model } from '../graph/Model';
import type { SymbolicTensor } from '../graph/SymbolicTensor';
import type { Layer } from '../layers/Layer';
import { buildMergeLayer } from '../layers/merge/buildMergeLayer';
import type { MergeConfig, MergeType } from '../layers/merge/MergeConfig';
import { Sequential } from '../model/Sequential';
import type { Shape } from '../tensor/Tensor';
import { didYouMean } from '../util/suggest';
import { convertKerasChain, toChannelsFirst } from './fromKerasLayers';
import type { KerasGraph, KerasGraphLayer, KerasTensorRef } from './kerasGraph';
import { FUNCTIONAL_CLASSES } from './kerasGraph';
import { describe, layerInputShape, readKerasSequential, type KerasLayerJson } from './kerasJson';
import { any, checkOptions, equals, isNullish, usesChannelsLast, type ChannelsLast } from './kerasOptions';
import type { KerasWeightSource } from './kerasWeightSource';
import type { NamedWeight } from './weightsBinary';

/*
 * A Keras functional graph → a kubiki graph Model. Each call of a layer (a Keras "node") becomes a
 * node of the kubiki graph:
 * - an InputLayer → Input(shape) (NCHW for a transposed channels_last model);
 * - Add, Subtract, Multiply, Average, Maximum, Concatenate → kubiki's merge layer of that name (a
 *   Concatenate axis counted in Keras's layout is mapped to kubiki's);
 * - a layer called several times (shared) → one kubiki layer applied at each call, sharing weights;
 * - a nested Sequential model → a kubiki Sequential node;
 * - straight runs of one-input layers (each output read once) are converted together by the
 *   Sequential importer, so its layer patterns (Flatten → Dense, ZeroPadding2D → Conv2D, the
 *   Permute → BatchNormalization → Permute that exportTfjs writes) work inside a graph too.
 * Parameters are named after the Keras layers ("dense_1.weight").
 */

/** The Keras class each kubiki merge layer type is read from (the same names; the compiler completes the table). */
const KERAS_MERGE_CLASS: { readonly [K in MergeType]: string } = {
  Add: 'Add',
  Subtract: 'Subtract',
  Multiply: 'Multiply',
  Average: 'Average',
  Maximum: 'Maximum',
  Concatenate: 'Concatenate',
};
const MERGE_CLASSES: ReadonlyMap<string, MergeType> = new Map(
  (Object.keys(KERAS_MERGE_CLASS) as MergeType[]).map((type) => [KERAS_MERGE_CLASS[type], type]),
);

/** Keras merge layers kubiki has no counterpart for (named in the error rather than "not supported"). */
const UNSUPPORTED_MERGES: readonly string[] = ['Minimum', 'Dot'];

/** One call of a layer: its id ("dense#0"), the layer, which call, the ids it reads. */
interface GraphCall {
  readonly id: string;
  readonly layer: KerasGraphLayer;
  readonly call: number;
  readonly inputs: readonly string[];
  readonly list: boolean;
}

export interface ImportedGraph {
  readonly model: Model;
  /** Each input's Keras shape (one sample) when a channels_last model was transposed. */
  readonly kerasInputShapes?: readonly Shape[];
}

/**
 * Builds the kubiki Model computing what `graph` computes, with the weights from `weights` (taken
 * in config.layers order, Keras's get_weights() order). `where` names the caller in errors.
 */
export function fromKerasGraph(graph: KerasGraph, weights: KerasWeightSource, where: string, channelsLast: ChannelsLast = 'error'): ImportedGraph {
  const byName = new Map(graph.layers.map((layer) => [layer.name, layer]));
  const everyLayer = graph.layers.flatMap((layer) => (layer.keras.class_name === 'Sequential' ? nestedLayers(layer) : [layer.keras]));
  const nhwc = channelsLast === 'transpose' && usesChannelsLast(everyLayer);
  const calls = new Map<string, GraphCall>();
  for (const layer of graph.layers) {
    if (layer.keras.class_name === 'InputLayer') {
      checkOptions(layer.keras, layer.at, { sparse: equals(false), ragged: equals(false), input_tensor: isNullish, optional: equals(false) });
      if (layer.calls.length > 0) throw new DataError(`${layer.at}: expected an InputLayer to have no inbound_nodes, got ${layer.calls.length}`);
      calls.set(`${layer.name}#0`, { id: `${layer.name}#0`, layer, call: 0, inputs: [], list: false });
      continue;
    }
    layer.calls.forEach((call, k) => {
      const id = `${layer.name}#${k}`;
      calls.set(id, { id, layer, call: k, inputs: call.inputs.map((ref) => resolve(ref, call.at)), list: call.list });
    });
  }

  /** The id of the call a tensor reference points at, checked. */
  function resolve(ref: KerasTensorRef, at: string): string {
    const layer = byName.get(ref.layer);
    if (layer === undefined) {
      throw new DataError(`${at}: refers to layer "${ref.layer}", which is not in config.layers${didYouMean(ref.layer, [...byName.keys()])}`);
    }
    if (ref.tensor !== 0) {
      throw new DataError(`${at}: reads output ${ref.tensor} of layer "${ref.layer}"; kubiki layers have one output (tensor index 0)`);
    }
    const count = layer.keras.class_name === 'InputLayer' ? 1 : layer.calls.length;
    // A nested model counts the call that built it as node 0 in some Keras versions: its calls start at 1.
    const node = isNestedModel(layer) && ref.node >= count && ref.node > 0 ? ref.node - 1 : ref.node;
    if (node >= count) {
      throw new DataError(`${at}: reads node ${ref.node} of layer "${ref.layer}", which has ${count} node(s) (inbound_nodes)`);
    }
    return `${ref.layer}#${node}`;
  }

  const inputIds = graph.inputs.map((ref, i) => {
    const id = resolve(ref, `${graph.at}.input_layers[${i}]`);
    const layer = (calls.get(id) as GraphCall).layer;
    if (layer.keras.class_name !== 'InputLayer') {
      throw new DataError(`${graph.at}.input_layers[${i}]: expected an InputLayer, got ${layer.keras.class_name} "${layer.name}"`);
    }
    return id;
  });
  const outputIds = graph.outputs.map((ref, i) => resolve(ref, `${graph.at}.output_layers[${i}]`));
  const order = topologicalOrder(calls, inputIds, outputIds, graph.at);

  // How many calls (and model outputs) read each call's output: a straight run continues through a call read once.
  const readers = new Map<string, number>();
  const bump = (id: string): void => void readers.set(id, (readers.get(id) ?? 0) + 1);
  for (const call of order) call.inputs.forEach(bump);
  outputIds.forEach(bump);
  const straight = (call: GraphCall): boolean =>
    call.layer.keras.class_name !== 'InputLayer' && !MERGE_CLASSES.has(call.layer.keras.class_name) && !isNestedModel(call.layer) &&
    call.layer.calls.length === 1 && call.inputs.length === 1 && !call.list;
  const runs = new Map<string, GraphCall[]>();
  for (const call of order) {
    const from = calls.get(call.inputs[0] ?? '') as GraphCall | undefined;
    const run = straight(call) && from !== undefined && straight(from) && readers.get(from.id) === 1 ? runs.get(from.id) : undefined;
    if (run) run.push(call);
    runs.set(call.id, run ?? [call]);
  }

  const kerasShapes: Shape[] = [];
  /** Builds the model taking weights from `source`; `onLayer(index)` is told which Keras layer (config.layers index) is read next. */
  const build = (source: KerasWeightSource, onLayer: (index: number) => void): Model => {
    const taken = new Set(graph.layers.map((layer) => safeName(layer.name)));
    const fresh = (base: string): string => {
      let name = safeName(base);
      for (let k = 2; taken.has(name); k++) name = `${safeName(base)}_${k}`;
      taken.add(name);
      return name;
    };
    const values = new Map<string, SymbolicTensor>();
    const shared = new Map<string, { layers: Layer[]; origins: number[] }>();
    const used = new Set<string>();
    const inputs = inputIds.map((id) => {
      const layer = (calls.get(id) as GraphCall).layer;
      const shape = layerInputShape(layer.keras);
      if (shape === undefined) throw new DataError(`${layer.at}: expected batch_input_shape or batch_shape with positive sizes, got none`);
      kerasShapes.push(shape);
      const input = Input(nhwc ? toChannelsFirst(shape) : shape, { name: safeName(layer.name) });
      values.set(id, input);
      return input;
    });
    for (const call of order) {
      const run = runs.get(call.id) as GraphCall[];
      if (run[0] !== call || call.layer.keras.class_name === 'InputLayer') continue;
      const last = run[run.length - 1] as GraphCall;
      const ins = call.inputs.map((id) => values.get(id) as SymbolicTensor);
      const layer = call.layer;
      onLayer(layer.index);
      const at = call.call === 0 ? layer.at : `${layer.at} inbound_nodes[${call.call}]`;
      const applied = (fn: () => SymbolicTensor): SymbolicTensor => {
        try {
          return fn();
        } catch (error) {
          if (error instanceof KubikiError && !(error instanceof DataError)) throw new DataError(`${at}: ${error.message}`);
          throw error;
        }
      };
      const mergeType = MERGE_CLASSES.get(layer.keras.class_name);
      if (mergeType !== undefined) {
        const merge = buildMergeLayer(mergeConfig(mergeType, layer, ins, nhwc));
        const name = used.has(layer.name) ? fresh(`${layer.name}_call${call.call + 1}`) : safeName(layer.name);
        used.add(layer.name);
        values.set(call.id, applied(() => apply(merge, ins, { name })));
        continue;
      }
      if (UNSUPPORTED_MERGES.includes(layer.keras.class_name)) {
        throw new DataError(`${at}: merge layer ${layer.keras.class_name} has no kubiki equivalent; kubiki's merge layers are ${[...MERGE_CLASSES.keys()].join(', ')}`);
      }
      if (ins.length !== 1) {
        throw new DataError(`${at}: ${layer.keras.class_name} reads ${ins.length} tensors; kubiki imports several-input calls for Add, Subtract, Multiply, Average, Maximum and Concatenate only`);
      }
      const input = ins[0] as SymbolicTensor;
      let converted = shared.get(layer.name);
      if (converted === undefined) {
        converted = isNestedModel(layer) ? nestedModel(layer, input.shape, nhwc, source) : convertRun(run, input.shape, nhwc, source);
        if (layer.calls.length > 1) shared.set(layer.name, converted);
      }
      // The first kubiki layer of a Keras layer's first call takes the Keras name; the rest derive from it.
      const again = used.has(layer.name);
      let value = input;
      const seen = new Set<number>();
      converted.layers.forEach((kubiki, j) => {
        const origin = converted.origins[j] as number;
        const name = (run[origin] as GraphCall).layer.name;
        const nodeName = again ? fresh(`${name}_call${call.call + 1}`) : seen.has(origin) ? fresh(`${name}_${kubiki.name.toLowerCase()}`) : safeName(name);
        seen.add(origin);
        value = applied(() => apply(kubiki, value, { name: nodeName }));
      });
      for (const c of run) used.add(c.layer.name);
      values.set(last.id, value);
    }
    const outputs = outputIds.map((id) => values.get(id) as SymbolicTensor);
    try {
      return new Model({ inputs: inputs.length === 1 ? inputs[0] as SymbolicTensor : inputs, outputs: outputs.length === 1 ? outputs[0] as SymbolicTensor : outputs, name: graph.name }) as Model;
    } catch (error) {
      if (error instanceof KubikiError) throw new DataError(`${graph.at}: ${error.message}`);
      throw error;
    }
  };

  // Pass 1 records which weights the layers ask for; pass 2 takes them from `weights` in
  // config.layers order (the order of get_weights() and of a weights.bin), whatever order the graph runs in.
  const requests: { layer: number; order: number; layerName: string; weightName: string; shape: Shape }[] = [];
  let reading = 0;
  const record: KerasWeightSource = {
    take: (layerName, weightName, shape) => {
      // A nested Sequential's layers are not in byName: they belong to the layer being read.
      requests.push({ layer: byName.get(layerName)?.index ?? reading, order: requests.length, layerName, weightName, shape });
      return undefined;
    },
    finish: () => undefined,
  };
  build(record, (index) => (reading = index));
  requests.sort((a, b) => a.layer - b.layer || a.order - b.order);
  const loaded = new Map<string, NamedWeight | undefined>();
  for (const r of requests) loaded.set(`${r.layerName}\u0000${r.weightName}`, weights.take(r.layerName, r.weightName, r.shape));
  weights.finish();
  kerasShapes.length = 0;
  const model = build({ take: (layerName, weightName) => loaded.get(`${layerName}\u0000${weightName}`), finish: () => undefined }, () => undefined);
  return nhwc ? { model, kerasInputShapes: [...kerasShapes] } : { model };

  /** A straight run of Keras layers → kubiki layers (with the run position each came from). */
  function convertRun(run: readonly GraphCall[], shape: Shape, channelsLastModel: boolean, source: KerasWeightSource) {
    const { layers, origins } = convertKerasChain(run.map((c) => c.layer.keras), shape, channelsLastModel, source, (i) => (run[i] as GraphCall).layer.at);
    return { layers, origins };
  }
}

/** A nested Sequential model → one kubiki Sequential; a nested functional model is refused. */
function nestedModel(layer: KerasGraphLayer, shape: Shape, nhwc: boolean, source: KerasWeightSource): { layers: Layer[]; origins: number[] } {
  if (layer.keras.class_name !== 'Sequential') {
    throw new DataError(`${layer.at}: a functional model nested in another is not imported; build the outer model from its layers`);
  }
  const inner = readKerasSequential(layer.keras, layer.at);
  const { layers } = convertKerasChain(inner.layers, shape, nhwc, source, (index, keras, name) => `${layer.at} layers[${index}] (${keras.class_name} "${name}")`);
  return { layers: [new Sequential(layers)], origins: [0] };
}

function nestedLayers(layer: KerasGraphLayer): KerasLayerJson[] {
  try {
    return [...readKerasSequential(layer.keras, layer.at).layers];
  } catch {
    return [];
  }
}

function isNestedModel(layer: KerasGraphLayer): boolean {
  return layer.keras.class_name === 'Sequential' || FUNCTIONAL_CLASSES.includes(layer.keras.class_name);
}

/**
 * The kubiki merge config for a Keras merge layer. Concatenate's axis counts the batch as 0 in both;
 * on the images of a transposed channels_last model Keras's [N, H, W, C] axes become [N, C, H, W]'s.
 */
function mergeConfig(type: MergeType, layer: KerasGraphLayer, inputs: readonly SymbolicTensor[], nhwc: boolean): MergeConfig {
  const at = layer.at;
  if (type !== 'Concatenate') {
    checkOptions(layer.keras, at, {});
    return { type } as MergeConfig;
  }
  checkOptions(layer.keras, at, { axis: any });
  const axis = layer.keras.config.axis ?? -1;
  const rank = (inputs[0] as SymbolicTensor).shape.length + 1;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis === 0 || axis < -rank + 1 || axis >= rank) {
    throw new DataError(
      `${at}: expected axis to be a non-batch axis of inputs of rank ${rank} ${formatShape([1, ...(inputs[0] as SymbolicTensor).shape])}, got ${describe(axis)}`,
    );
  }
  const positive = axis < 0 ? axis + rank : axis;
  const nchw = [0, 2, 3, 1];
  return { type: 'Concatenate', axis: nhwc && rank === 4 ? (nchw[positive] as number) : positive };
}

/** The calls in an order where each comes after the calls it reads (depth first from the outputs); a cycle is an error naming it. */
function topologicalOrder(calls: ReadonlyMap<string, GraphCall>, inputIds: readonly string[], outputIds: readonly string[], at: string): GraphCall[] {
  const order: GraphCall[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const inputs = new Set(inputIds);
  const visit = (id: string): void => {
    const seen = state.get(id);
    if (seen === 'done') return;
    const call = calls.get(id) as GraphCall;
    if (seen === 'visiting') {
      const cycle = path.slice(path.indexOf(id)).concat(id).map((c) => `"${(calls.get(c) as GraphCall).layer.name}"`);
      throw new DataError(`${at}: the layers form a cycle: ${cycle.join(' → ')}; a functional model must be acyclic`);
    }
    if (call.layer.keras.class_name === 'InputLayer' && !inputs.has(id)) {
      throw new DataError(`${call.layer.at}: the model reads this InputLayer, but input_layers does not list it`);
    }
    state.set(id, 'visiting');
    path.push(id);
    call.inputs.forEach(visit);
    path.pop();
    state.set(id, 'done');
    order.push(call);
  };
  inputIds.forEach(visit);
  outputIds.forEach(visit);
  return order;
}

/** Node names may not contain "." (it separates parameter names). */
function safeName(name: string): string {
  return name.replace(/\./g, '_');
}
