import type { Concat } from '../containers/Concat';
import type { Residual } from '../containers/Residual';
import type { GraphLayer } from '../graph/SymbolicTensor';
import { builtInConfig } from '../layers/buildLayer';
import { isMergeLayer } from '../layers/merge/MergeLayer';
import type { Sequential } from '../model/Sequential';
import type { Layer } from '../layers/Layer';
import type { ConfigOf, LayerConfig, LayerType } from '../layers/LayerConfig';
import type { FloatArray, Shape } from '../tensor/Tensor';
import { flipMomentum, type Json, type JsonObject, type KerasLayerJson } from './kerasJson';
import { sublayersOf } from '../graph/uses';
import { orderCalls } from './kerasCallOrder';
import { KERAS_ACTIVATIONS, kerasActivationName } from './kerasActivations';
import { exportableConfig, isUnsupported, pair, refuse, unsupported, type Unsupported } from './layerTable';
import { layerTensor } from './layerWeights';
import { permute, TO_KERAS_KERNEL } from './permute';
import { isRecurrent, kerasRecurrentConfig, kerasRecurrentWeights, type RecurrentConfig } from './kerasRecurrent';
import type { Bidirectional } from '../layers/Bidirectional';
import type { NamedWeight } from './weightsBinary';

/*
 * kubiki layers → a Keras Sequential config (snake_case, as Keras and TF.js write it) and the
 * weights in Keras layout, in the order TF.js's weightsManifest lists them.
 */

/** What a Keras table entry gets: the shape reaching the layer (batch 1) and the writers. */
interface KerasStep {
  readonly shape: Shape;
  /** The layer being written (for weights the entry reads itself). */
  readonly layer: Layer;
  /** A fresh Keras layer name for `className` ("lstm_2"), for a layer nested in another. */
  uniqueName(className: string): string;
  /** Appends a Keras layer; returns its unique name ("dense_1"). */
  push(className: string, config: JsonObject): string;
  /** Writes the layer's tensor `param` as `layerName/weightName`, axes permuted by `perm`, or reshaped to `shape`. */
  addWeight(layerName: string, weightName: string, param: string, layout?: { perm?: readonly number[]; shape?: Shape }): void;
  /** Writes a weight already in Keras's layout (recurrent gates reordered) as `layerName/weightName`. */
  addKerasWeight(layerName: string, weightName: string, shape: Shape, data: FloatArray): void;
  /** The next layer's activation string when it folds into this Dense/Conv2D (it is then skipped), else 'linear'. */
  foldActivation(): string;
}

/** Pushes `Activation(name)` for an elementwise activation the Keras activation table names. */
function activation(config: LayerConfig, { push }: KerasStep): void {
  push('Activation', { activation: kerasActivationName(config) ?? 'linear' });
}


/** Each layer type's Keras layers and weights, or why it has none. */
const KERAS_LAYERS: { readonly [K in LayerType]: ((config: ConfigOf<K>, step: KerasStep) => void | Unsupported) | Unsupported } = {
  Linear: (c, { push, addWeight, foldActivation }) => {
    const name = push('Dense', { units: c.outputSize, activation: foldActivation(), use_bias: c.bias ?? true });
    addWeight(name, 'kernel', 'weight');
    if (c.bias ?? true) addWeight(name, 'bias', 'bias');
  },
  ReLU: activation,
  Sigmoid: activation,
  Tanh: activation,
  Softmax: activation,
  LogSoftmax: activation,
  Softplus: activation,
  SiLU: activation,
  GELU: KERAS_ACTIVATIONS.GELU as Unsupported,
  // TF.js 4.22's ELU layer refuses any alpha but 1 ("not supported by the ELU layer yet").
  ELU: (c, step) => ((c.alpha ?? 1) === 1 ? activation(c, step) : unsupported(`TF.js supports ELU with alpha 1 only, got alpha ${c.alpha}`)),
  LeakyReLU: (c, { push }) => {
    push('LeakyReLU', { alpha: c.slope ?? 0.01 });
  },
  // alpha has the input's shape without the batch, 1 on every shared axis: [C, 1, 1] per channel of
  // an image, [1, 1, 1] for one shared slope.
  PReLU: (c, { shape, push, addWeight }) => {
    const perChannel = (c.numParameters ?? 1) > 1;
    const sharedAxes = shape.map((_, axis) => axis).filter((axis) => axis >= (perChannel ? 2 : 1));
    const name = push('PReLU', { shared_axes: sharedAxes.length === 0 ? null : sharedAxes });
    addWeight(name, 'alpha', 'weight', { shape: shape.slice(1).map((d, k) => (sharedAxes.includes(k + 1) ? 1 : d)) });
  },
  Identity: (_, { push }) => {
    push('Activation', { activation: 'linear' });
  },
  Dropout: (c, { push }) => {
    push('Dropout', { rate: c.p });
  },
  // channels_last means "no transpose before flattening": kubiki flattens row-major.
  Flatten: (_, { push }) => {
    push('Flatten', { data_format: 'channels_last' });
  },
  Reshape: (c, { push }) => {
    push('Reshape', { target_shape: [...c.shape] });
  },
  Conv2D: (c, { push, addWeight, foldActivation }) => {
    // Keras pads only 'valid' or 'same'; explicit zeros become a ZeroPadding2D in front.
    const padding = c.padding ?? 0;
    const [padH, padW] = padding === 'same' ? [0, 0] : pair(padding);
    if (padH > 0 || padW > 0) push('ZeroPadding2D', { padding: [[padH, padH], [padW, padW]], data_format: 'channels_first' });
    const name = push('Conv2D', {
      filters: c.outChannels,
      kernel_size: pair(c.kernelSize),
      strides: pair(c.stride ?? 1),
      padding: padding === 'same' ? 'same' : 'valid',
      data_format: 'channels_first',
      dilation_rate: [1, 1],
      activation: foldActivation(),
      use_bias: c.bias ?? true,
    });
    addWeight(name, 'kernel', 'weight', { perm: TO_KERAS_KERNEL });
    if (c.bias ?? true) addWeight(name, 'bias', 'bias');
  },
  MaxPool2D: (c, step) => pool('MaxPooling2D', c, step),
  AvgPool2D: (c, step) => pool('AveragePooling2D', c, step),
  GlobalAvgPool2D: (_, { push }) => {
    push('GlobalAveragePooling2D', { data_format: 'channels_first' });
  },
  BatchNorm1D: (c, step) => batchNorm(c, false, step),
  BatchNorm2D: (c, step) => batchNorm(c, true, step),
  LayerNorm: (c, { shape, push, addWeight }) => {
    const rank = typeof c.normalizedShape === 'number' ? 1 : c.normalizedShape.length;
    const axes = Array.from({ length: rank }, (_, k) => shape.length - rank + k);
    const name = push('LayerNormalization', { axis: axes.length === 1 ? (axes[0] as number) : axes, epsilon: c.eps ?? 1e-5, center: true, scale: true });
    addWeight(name, 'gamma', 'gamma');
    addWeight(name, 'beta', 'beta');
  },
  // sequences ([batch, time, features], Keras's channels_last)
  // Keras's mask_zero would change what the layers after it compute; paddingIdx does not.
  Embedding: (c, { push, addWeight }) => {
    const name = push('Embedding', { input_dim: c.numEmbeddings, output_dim: c.embeddingDim, mask_zero: false });
    addWeight(name, 'embeddings', 'weight');
  },
  SimpleRNN: (c, step) => recurrent(c, step),
  LSTM: (c, step) => recurrent(c, step),
  GRU: (c, step) => recurrent(c, step),
  // Keras names the copies forward_<inner> and backward_<inner>; their weights live under the wrapper.
  Bidirectional: (c, { layer, push, addKerasWeight, uniqueName }) => {
    const inner = c.layer;
    if (!isRecurrent(inner)) return unsupported(`it wraps ${inner.type}; Keras's Bidirectional here takes a SimpleRNN, LSTM or GRU`);
    const innerName = uniqueName(inner.type);
    const name = push('Bidirectional', {
      layer: { class_name: inner.type, config: { name: innerName, trainable: true, dtype: 'float32', ...kerasRecurrentConfig(inner) } },
      merge_mode: c.merge ?? 'concat',
    });
    const both = layer as Bidirectional;
    for (const [direction, copy] of [['forward', both.forwardLayer], ['backward', both.backwardLayer]] as const) {
      for (const w of kerasRecurrentWeights(inner, copy)) addKerasWeight(name, `${direction}_${innerName}/${w.weightName}`, w.shape, w.data);
    }
    return undefined;
  },
  GlobalAvgPool1D: (_, { push }) => {
    push('GlobalAveragePooling1D', { data_format: 'channels_last', keepdims: false });
  },
  GlobalMaxPool1D: (_, { push }) => {
    push('GlobalMaxPooling1D', { data_format: 'channels_last', keepdims: false });
  },
  LastStep: unsupported('Keras has no layer taking the last step; use the recurrent layer with returnSequences: false'),
  PositionalEmbedding: unsupported('Keras and TF.js have no built-in learned position table'),
  MultiHeadAttention: unsupported("TF.js 4.22 has no MultiHeadAttention layer (Keras's takes query and value inputs, which a Sequential cannot express); export to ONNX instead"),
  // A Keras Sequential config is a chain: a branching container needs a functional (graph) export.
  Sequential: unsupported('a container in a Keras Sequential config; export a graph Model built from its layers instead'),
  Residual: unsupported('a Keras Sequential config cannot branch; export a graph Model (Input, apply, Add) instead'),
  Concat: unsupported('a Keras Sequential config cannot branch; export a graph Model (Input, apply, Concatenate) instead'),
};

/** A SimpleRNN/LSTM/GRU as Keras's layer of the same name, weights in Keras's gate order. */
function recurrent(c: RecurrentConfig, { layer, push, addKerasWeight }: KerasStep): void {
  const name = push(c.type, kerasRecurrentConfig(c));
  for (const w of kerasRecurrentWeights(c, layer)) addKerasWeight(name, w.weightName, w.shape, w.data);
}

function pool(className: string, c: ConfigOf<'MaxPool2D' | 'AvgPool2D'>, { push }: KerasStep): void {
  push(className, { pool_size: pair(c.kernelSize), strides: pair(c.stride ?? c.kernelSize), padding: 'valid', data_format: 'channels_first' });
}

/**
 * On images the channels go last around the normalisation: TF.js's CPU kernel broadcasts the
 * statistics over the last axis only, so BatchNormalization(axis=1) computes garbage there.
 */
function batchNorm(c: ConfigOf<'BatchNorm1D' | 'BatchNorm2D'>, image: boolean, { push, addWeight }: KerasStep): void {
  if (image) push('Permute', { dims: [2, 3, 1] });
  const name = push('BatchNormalization', { axis: image ? 3 : 1, momentum: flipMomentum(c.momentum ?? 0.1), epsilon: c.eps ?? 1e-5, center: true, scale: true });
  addWeight(name, 'gamma', 'gamma');
  addWeight(name, 'beta', 'beta');
  addWeight(name, 'moving_mean', 'runningMean');
  addWeight(name, 'moving_variance', 'runningVar');
  if (image) push('Permute', { dims: [3, 1, 2] });
}

export interface KerasExport {
  /** `{ class_name: 'Sequential', config: { name, layers } }` */
  readonly model: KerasLayerJson;
  readonly weights: readonly NamedWeight[];
}

/**
 * Converts `layers` (their configs and weights) to Keras. `inputShape` is one sample's shape without
 * the batch; it becomes `batch_input_shape: [null, ...inputShape]` on the first layer. A Linear
 * or Conv2D followed by an activation layer becomes one Dense/Conv2D with that `activation`.
 * Images stay NCHW: convolution, pooling and BatchNormalization are written with
 * data_format "channels_first" (axis 1), Conv2D kernels transposed to Keras's [kh, kw, in, out].
 * `where` names the caller in errors.
 */
export function toKerasLayers(layers: readonly Layer[], inputShape: Shape, where: string): KerasExport {
  const kerasLayers: KerasLayerJson[] = [];
  const weights: NamedWeight[] = [];
  const uniqueName = nameCounter();
  const push = (className: string, config: JsonObject): string => {
    const name = uniqueName(className);
    const layerConfig: JsonObject = { name, trainable: true, dtype: 'float32' };
    if (kerasLayers.length === 0) layerConfig.batch_input_shape = [null, ...inputShape];
    kerasLayers.push({ class_name: className, config: { ...layerConfig, ...config } });
    return name;
  };
  emitChain(layers, [1, ...inputShape], where, { push, weights, uniqueName });
  return {
    model: { class_name: 'Sequential', config: { name: 'sequential', layers: kerasLayers as unknown as JsonObject[] } },
    weights,
  };
}

/** Keras's own naming (to_snake_case) with a counter: Conv2D → conv2d_1, BatchNormalization → batch_normalization_1. */
function nameCounter(taken: Iterable<string> = []): (className: string) => string {
  const counts = new Map<string, number>();
  const used = new Set(taken);
  return (className) => {
    const base = className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    let name: string;
    do {
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      name = `${base}_${n}`;
    } while (used.has(name));
    used.add(name);
    return name;
  };
}

/** A tensor of a Keras functional graph: the output of call `node` of layer `name`. */
interface KerasRef {
  readonly name: string;
  readonly node: number;
}

/** What emitChain writes into: a Sequential layer list, or a functional graph that can branch. */
interface ChainContext {
  /** Appends a Keras layer fed by the current tensor; returns its name. */
  push(className: string, config: JsonObject): string;
  /** A fresh Keras layer name for a layer nested in another. */
  uniqueName(className: string): string;
  readonly weights: NamedWeight[];
  /** Functional writer only: the current tensor, a layer fed by several tensors, and shared layers. */
  readonly graph?: {
    current: KerasRef;
    merge(className: string, config: JsonObject, inputs: readonly KerasRef[]): KerasRef;
    /** kubiki layers used more than once in the graph: each is written once, with one inbound node per use. */
    readonly shared: ReadonlySet<unknown>;
    /** The Keras layers each shared kubiki layer was written as (in order), once written. */
    readonly written: Map<unknown, string[]>;
    /** While set, collects the names of the Keras layers added. */
    log: string[] | undefined;
    /** Calls the Keras layers `names` again (a new inbound node each), from the current tensor. */
    call(names: readonly string[]): void;
  };
}

/**
 * Writes `layers` one after the other from `start` (batch 1); a Linear or Conv2D followed by an
 * activation becomes one Dense/Conv2D with that `activation`. In a functional graph, containers
 * branch: a Residual is its block (and shortcut) joined by Add, a Concat its branches joined by
 * Concatenate. Returns the output shape.
 */
function emitChain(layers: readonly Layer[], start: Shape, where: string, ctx: ChainContext, index?: number): Shape {
  let shape = start;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const at = index ?? i;
    const config = exportableConfig(layer, at, where, 'Keras/TF.js');
    if (ctx.graph && (config.type === 'Sequential' || config.type === 'Residual' || config.type === 'Concat')) {
      shape = emitContainer(layer, config.type, shape, where, ctx, at);
      continue;
    }
    const graph = ctx.graph;
    const shared = graph !== undefined && graph.shared.has(layer);
    if (shared) {
      // A layer used again: its Keras layers get one more inbound node, and no new weights.
      const written = graph.written.get(layer);
      if (written !== undefined) {
        graph.call(written);
        shape = layer.outputShape(shape);
        continue;
      }
      graph.log = [];
    }
    const entry = KERAS_LAYERS[config.type] as ((config: LayerConfig, step: KerasStep) => void | Unsupported) | Unsupported;
    let folded = false;
    const result = isUnsupported(entry) ? entry : entry(config, {
      shape,
      layer,
      uniqueName: ctx.uniqueName,
      push: ctx.push,
      addKerasWeight: (layerName, weightName, weightShape, data) => {
        ctx.weights.push({ name: `${layerName}/${weightName}`, shape: weightShape, data });
      },
      addWeight: (layerName, weightName, param, layout = {}) => {
        const tensor = layerTensor(layer, param);
        const stored = layout.perm === undefined ? tensor : permute(tensor.data, tensor.shape, layout.perm);
        ctx.weights.push({ name: `${layerName}/${weightName}`, shape: layout.shape ?? stored.shape, data: stored.data });
      },
      foldActivation: () => {
        // A shared layer is written once for all its uses: an activation after one use stays its own layer.
        if (graph !== undefined && (shared || graph.shared.has(layers[i + 1]))) return 'linear';
        const next = layers[i + 1]?.toConfig();
        const activation = next === undefined ? undefined : builtInConfig(next);
        const name = activation === undefined ? undefined : kerasActivationName(activation);
        folded = name !== undefined;
        return name ?? 'linear';
      },
    });
    if (isUnsupported(result)) refuse(where, at, config.type, 'Keras/TF.js layers', unsupported(`${result.unsupported}; export to ONNX instead`));
    if (shared && graph !== undefined) {
      graph.written.set(layer, graph.log ?? []);
      graph.log = undefined;
    }
    shape = layer.outputShape(shape);
    if (folded) {
      i++;
      shape = (layers[i] as Layer).outputShape(shape);
    }
  }
  return shape;
}

function emitContainer(layer: Layer, type: 'Sequential' | 'Residual' | 'Concat', shape: Shape, where: string, ctx: ChainContext, index: number): Shape {
  const graph = ctx.graph as NonNullable<ChainContext['graph']>;
  const from = graph.current;
  const branch = (child: Layer): KerasRef => {
    graph.current = from;
    emitChain(child.toConfig().type === 'Sequential' ? (child as Sequential).layers : [child], shape, where, ctx, index);
    return graph.current;
  };
  if (type === 'Sequential') {
    emitChain((layer as Sequential).layers, shape, where, ctx, index);
  } else if (type === 'Residual') {
    const { block, shortcut } = layer as Residual;
    const main = branch(block);
    const skip = shortcut ? branch(shortcut) : from;
    graph.current = graph.merge('Add', {}, [main, skip]);
  } else {
    const concat = layer as Concat;
    const outs = concat.branches.map(branch);
    graph.current = graph.merge('Concatenate', { axis: concat.axis }, outs);
  }
  return layer.outputShape(shape);
}

/**
 * A Keras functional model (TF.js "Model"): one InputLayer per input, layers with inbound_nodes
 * (Keras 2 / TF.js form). A kubiki layer used by several nodes (or several times inside containers)
 * is written once, with one inbound node per use, as Keras writes a shared layer.
 */
export function toKerasGraph(
  inputs: readonly { name: string; shape: Shape }[],
  nodes: readonly { layer: GraphLayer; inputs: readonly number[]; slot: number; name: string }[],
  outputSlots: readonly number[],
  where: string,
): KerasExport {
  const kerasLayers: JsonObject[] = [];
  const byName = new Map<string, JsonObject>();
  const weights: NamedWeight[] = [];
  const uniqueName = nameCounter(inputs.map((i) => i.name));
  const values: KerasRef[] = inputs.map((i) => ({ name: i.name, node: 0 }));
  const shapes: Shape[] = inputs.map((i) => [1, ...i.shape]);
  for (const input of inputs) {
    kerasLayers.push({
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, ...input.shape], dtype: 'float32', sparse: false, name: input.name },
      name: input.name,
      inbound_nodes: [],
    });
  }
  const inbound = (from: readonly KerasRef[]): Json => from.map((ref) => [ref.name, ref.node, 0, {}]);
  const add = (className: string, config: JsonObject, from: readonly KerasRef[], nameAs = className): KerasRef => {
    const name = uniqueName(nameAs);
    const entry: JsonObject = {
      class_name: className,
      config: { name, trainable: true, dtype: 'float32', ...config },
      name,
      inbound_nodes: [inbound(from)],
    };
    kerasLayers.push(entry);
    byName.set(name, entry);
    graph.log?.push(name);
    return { name, node: 0 };
  };
  const graph: NonNullable<ChainContext['graph']> = {
    current: { name: '', node: 0 },
    merge: (className, config, from) => add(className, config, from),
    shared: usedTwice(nodes.map((node) => node.layer)),
    written: new Map(),
    log: undefined,
    call(names) {
      for (const name of names) {
        const calls = (byName.get(name) as JsonObject).inbound_nodes as Json[];
        calls.push(inbound([graph.current]));
        graph.current = { name, node: calls.length - 1 };
      }
    },
  };
  const ctx: ChainContext = {
    weights,
    graph,
    uniqueName,
    push: (className, config) => {
      graph.current = add(className, config, [graph.current]);
      return graph.current.name;
    },
  };
  nodes.forEach((node, index) => {
    const ins = node.inputs.map((s) => values[s] as KerasRef);
    if (isMergeLayer(node.layer)) {
      const config = node.layer.toConfig();
      if (config.type === 'Subtract') {
        values[node.slot] = subtract(ins[0] as KerasRef, ins[1] as KerasRef, shapes[node.inputs[1] as number] as Shape);
      } else {
        values[node.slot] = add(config.type, config.type === 'Concatenate' ? { axis: config.axis } : {}, ins);
      }
      shapes[node.slot] = node.layer.outputShape(node.inputs.map((s) => shapes[s] as Shape));
    } else {
      graph.current = ins[0] as KerasRef;
      shapes[node.slot] = emitChain([node.layer], shapes[node.inputs[0] as number] as Shape, where, ctx, index);
      values[node.slot] = graph.current;
    }
  });
  /**
   * a − b. TF.js 4 has no Subtract layer, so it is Add(a, Dense(b)) with the kernel −I and no bias:
   * Dense maps the last axis, and x·(−I) is −x exactly.
   */
  function subtract(a: KerasRef, b: KerasRef, shape: Shape): KerasRef {
    const size = shape[shape.length - 1] as number;
    const negate = add('Dense', { units: size, activation: 'linear', use_bias: false }, [b], 'SubtractNegate');
    const kernel = new Float32Array(size * size);
    for (let i = 0; i < size; i++) kernel[i * size + i] = -1;
    weights.push({ name: `${negate.name}/kernel`, shape: [size, size], data: kernel });
    return add('Add', {}, [a, negate], 'Subtract');
  }
  const outputs = outputSlots.map((s) => [(values[s] as KerasRef).name, (values[s] as KerasRef).node, 0]);
  if (graph.shared.size > 0) orderCalls(kerasLayers, outputs, where);
  return {
    model: {
      class_name: 'Model',
      config: {
        name: 'model',
        layers: kerasLayers,
        input_layers: inputs.map((i) => [i.name, 0, 0]),
        output_layers: outputs,
      },
    },
    weights,
  };
}

/** Every layer occurring more than once in the trees under `roots`, counting each container's children at each of its occurrences. */
function usedTwice(roots: readonly GraphLayer[]): Set<unknown> {
  const counts = new Map<unknown, number>();
  const visit = (layer: GraphLayer): void => {
    counts.set(layer, (counts.get(layer) ?? 0) + 1);
    sublayersOf(layer).forEach(visit);
  };
  roots.forEach(visit);
  return new Set([...counts].filter(([, n]) => n > 1).map(([layer]) => layer));
}
