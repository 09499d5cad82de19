import { assertNever, ConfigError } from '../errors';
import type { Layer } from '../layers/Layer';
import type { ConfigOf, LayerConfig, LayerType } from '../layers/LayerConfig';
import type { Concat } from '../containers/Concat';
import type { Residual } from '../containers/Residual';
import { Sequential } from '../model/Sequential';
import type { AnyModel } from '../graph/Model';
import { isMergeLayer } from '../layers/merge/MergeLayer';
import type { MergeConfig } from '../layers/merge/MergeConfig';
import type { Shape } from '../tensor/Tensor';
import { platform } from '../platform';
import { resolveInputShape } from './inputShape';
import { exportableConfig, isUnsupported, pair, refuse, unsupported, type Unsupported } from './layerTable';
import { layerTensor } from './layerWeights';
import { floatAttr, intAttr, intsAttr, OnnxGraph, stringAttr } from './OnnxGraph';
import { ONNX_FLOAT, onnxModelProto } from './onnxSchema';
import { emitSequenceLayer } from './onnxSequence';

export interface ExportOnnxOptions {
  /** ONNX operator set, 13 to 22. Default 13. */
  opset?: number;
  /** One sample's shape without the batch; defaults to model.metadata.inputShape, else inferred from the layers. */
  inputShape?: Shape;
}

/** The IR version each opset was released with (onnx/docs/Versioning.md), the oldest a runtime must accept. */
function irVersion(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

/**
 * Writes `model` as an ONNX file (atomically) with one input "input" of shape [batch, ...inputShape]
 * and one output "output"; the batch dimension is symbolic. Weights are float32 raw_data
 * initializers named like the model's parameters ("0.weight"). Layers run in inference mode
 * (Dropout is Identity, BatchNorm uses its running statistics); images are NCHW, as in kubiki.
 * The bytes are built with protobufjs from the onnx.proto subset in onnxSchema.ts.
 * `model.metadata` is stored as JSON in the model's metadata_props under "kubiki.metadata".
 *
 * A graph Model is written with one ONNX input per model input, named like it ("image"), and one
 * output per model output, named like its node ("digit"); weights are named like its parameters
 * ("encoder.weight", once for a shared layer). Containers are flattened into Add and Concat nodes.
 * Node only; in a browser use onnxBytes.
 */
export function exportOnnx(model: Sequential | AnyModel, path: string, options: ExportOnnxOptions = {}): void {
  const files = platform.files('exportOnnx');
  files.writeAtomic(path, encodeOnnx(model, options, 'exportOnnx'), 'exportOnnx');
}

/** The bytes of exportOnnx's file, in memory (for a page's download or a server's response). */
export function onnxBytes(model: Sequential | AnyModel, options: ExportOnnxOptions = {}): Uint8Array {
  return encodeOnnx(model, options, 'onnxBytes');
}

function encodeOnnx(model: Sequential | AnyModel, options: ExportOnnxOptions, where: string): Uint8Array {
  const opset = options.opset ?? 13;
  if (!Number.isInteger(opset) || opset < 13 || opset > 22) {
    throw new ConfigError(`${where}: expected opset to be an integer from 13 to 22, got ${JSON.stringify(opset)}`);
  }
  const graph = new OnnxGraph();
  const inputs: [string, Shape][] = [];
  const outputs: [string, Shape][] = [];
  if (model instanceof Sequential) {
    const inputShape = resolveInputShape(model, options.inputShape, where);
    let value = 'input';
    let shape: Shape = [1, ...inputShape];
    model.layers.forEach((layer, index) => {
      value = emitLayer(graph, layer, index, value, shape, opset, where);
      shape = layer.outputShape(shape);
    });
    // The last node's output is renamed so the graph's output has a stable name.
    const last = graph.nodes[graph.nodes.length - 1];
    if (last === undefined) graph.node('Identity', [value], [], 'output');
    else last.output = ['output'];
    inputs.push(['input', [1, ...inputShape]]);
    outputs.push(['output', shape]);
  } else {
    emitGraph(graph, model, opset, where, inputs, outputs);
  }
  const valueInfo = (name: string, dims: Shape) => ({
    name,
    type: {
      tensor_type: {
        elem_type: ONNX_FLOAT,
        shape: { dim: dims.map((d, i) => (i === 0 ? { dim_param: 'batch' } : { dim_value: d })) },
      },
    },
  });
  const message = {
    ir_version: irVersion(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: 'kubiki',
    metadata_props: [{ key: 'kubiki.metadata', value: JSON.stringify(model.metadata) }],
    graph: {
      name: 'kubiki',
      node: graph.nodes,
      initializer: graph.initializers,
      input: inputs.map(([name, dims]) => valueInfo(name, dims)),
      output: outputs.map(([name, dims]) => valueInfo(name, dims)),
    },
  };
  const proto = onnxModelProto();
  return proto.encode(proto.fromObject(message)).finish();
}

/** A graph Model's nodes in topological order: layers through emitLayer, merges as ONNX's n-ary ops. */
function emitGraph(graph: OnnxGraph, model: AnyModel, opset: number, where: string, inputs: [string, Shape][], outputs: [string, Shape][]): void {
  const values: string[] = model.inputs.map((input) => input.name);
  const shapes: Shape[] = model.inputs.map((input) => [1, ...input.shape]);
  model.inputs.forEach((input) => inputs.push([input.name, [1, ...input.shape]]));
  model.nodes.forEach((node, index) => {
    const ins = node.inputSlots.map((s) => values[s] as string);
    const inShapes = node.inputSlots.map((s) => shapes[s] as Shape);
    const layer = node.layer;
    values[node.slot] = isMergeLayer(layer)
      ? emitMerge(graph, layer.toConfig(), ins, [1, ...node.shape].length)
      : emitLayer(graph, layer, index, ins[0] as string, inShapes[0] as Shape, opset, where, node.layerName);
    shapes[node.slot] = [1, ...node.shape];
  });
  const slotName = [...model.inputs.map((i) => i.name), ...model.nodes.map((n) => n.name)];
  const taken = new Set(model.inputs.map((i) => i.name));
  model.outputSlots.forEach((slot) => {
    let name = slotName[slot] as string;
    for (let k = 1; taken.has(name); k++) name = `${slotName[slot]}_${k}`;
    taken.add(name);
    outputs.push([graph.node('Identity', [values[slot] as string], [], name), shapes[slot] as Shape]);
  });
}

/** A merge layer as ONNX ops: Sum, Sub, Mul, Mean, Max (variadic where ONNX is) and Concat. */
function emitMerge(graph: OnnxGraph, config: MergeConfig, inputs: readonly string[], rank: number): string {
  switch (config.type) {
    case 'Add':
      return graph.node('Sum', inputs);
    case 'Subtract':
      return graph.node('Sub', inputs);
    case 'Multiply':
      return inputs.slice(1).reduce((product, x) => graph.node('Mul', [product, x]), inputs[0] as string);
    case 'Average':
      return graph.node('Mean', inputs);
    case 'Maximum':
      return graph.node('Max', inputs);
    case 'Concatenate':
      return graph.node('Concat', inputs, [intAttr('axis', config.axis < 0 ? rank + config.axis : config.axis)]);
    default:
      return assertNever(config, 'exportOnnx');
  }
}

/** What an ONNX table entry gets: the graph, the layer's input (name and shape, batch 1) and its tensors. */
interface OnnxStep {
  readonly graph: OnnxGraph;
  readonly input: string;
  readonly shape: Shape;
  readonly opset: number;
  readonly index: number;
  /** The layer's parameter-name prefix: "0", or "2.block.1" inside containers. */
  readonly prefix: string;
  readonly layer: Layer;
  /** Adds the layer's parameter or buffer `name` as an initializer ("0.weight") and returns its name. */
  weight(name: string, dims?: Shape): string;
  /** Emits a child layer (of a container) on `input`; returns its output's name. */
  emit(child: Layer, prefix: string, input: string, shape: Shape): string;
}


/** Each layer type's ONNX nodes: a function returning the output's name, or why there is none. */
const ONNX_LAYERS: { readonly [K in LayerType]: ((config: ConfigOf<K>, step: OnnxStep) => string) | Unsupported } = {
  // Gemm: Y = A·B + C with B = W [in, out] as stored (transB = 0), C broadcast over the batch. On a
  // sequence [batch, …, in] Gemm does not apply (2-D only): MatMul on the last axis, then Add.
  Linear: (c, { graph, input, shape, weight }) => {
    if (shape.length > 2) {
      const product = graph.node('MatMul', [input, weight('weight')]);
      return c.bias === false ? product : graph.node('Add', [product, weight('bias')]);
    }
    return graph.node('Gemm', c.bias === false ? [input, weight('weight')] : [input, weight('weight'), weight('bias')]);
  },
  ReLU: (_, { graph, input }) => graph.node('Relu', [input]),
  LeakyReLU: (c, { graph, input }) => graph.node('LeakyRelu', [input], [floatAttr('alpha', c.slope ?? 0.01)]),
  // PRelu broadcasts the slope from the right: per channel on axis 1 it is [C, 1, …, 1].
  PReLU: (c, { graph, input, shape, weight }) => {
    const perChannel = (c.numParameters ?? 1) > 1;
    return graph.node('PRelu', [input, weight('weight', perChannel ? [c.numParameters as number, ...shape.slice(2).map(() => 1)] : [1])]);
  },
  ELU: (c, { graph, input }) => graph.node('Elu', [input], [floatAttr('alpha', c.alpha ?? 1)]),
  Sigmoid: (_, { graph, input }) => graph.node('Sigmoid', [input]),
  Tanh: (_, { graph, input }) => graph.node('Tanh', [input]),
  Softplus: (_, { graph, input }) => graph.node('Softplus', [input]),
  GELU: (_, { graph, input, opset }) => gelu(graph, input, opset),
  // y = x·σ(x): no SiLU operator in opsets 13–22.
  SiLU: (_, { graph, input }) => graph.node('Mul', [input, graph.node('Sigmoid', [input])]),
  Identity: (_, { graph, input }) => graph.node('Identity', [input]),
  Softmax: (_, { graph, input }) => graph.node('Softmax', [input], [intAttr('axis', -1)]),
  LogSoftmax: (_, { graph, input }) => graph.node('LogSoftmax', [input], [intAttr('axis', -1)]),
  Dropout: (_, { graph, input }) => graph.node('Identity', [input]),
  Flatten: (_, { graph, input }) => graph.node('Flatten', [input], [intAttr('axis', 1)]),
  // 0 copies the input's dimension: the batch stays symbolic.
  Reshape: (c, { graph, input, prefix }) => graph.node('Reshape', [input, graph.int64Tensor(`${prefix}.shape`, [0, ...c.shape])]),
  Conv2D: (c, { graph, input, shape, weight }) => {
    const kernel = pair(c.kernelSize);
    const stride = pair(c.stride ?? 1);
    const inputs = [input, weight('weight'), ...(c.bias === false ? [] : [weight('bias')])];
    const pads = convPads(c.padding ?? 0, shape, kernel, stride);
    return graph.node('Conv', inputs, [intsAttr('kernel_shape', kernel), intsAttr('strides', stride), intsAttr('pads', pads)]);
  },
  MaxPool2D: (c, step) => pool('MaxPool', c, step),
  AvgPool2D: (c, step) => pool('AveragePool', c, step),
  // GlobalAveragePool keeps [batch, C, 1, 1]; kubiki's layer gives [batch, C].
  GlobalAvgPool2D: (_, { graph, input }) => graph.node('Flatten', [graph.node('GlobalAveragePool', [input])], [intAttr('axis', 1)]),
  BatchNorm1D: (c, step) => batchNorm(c.eps, step),
  BatchNorm2D: (c, step) => batchNorm(c.eps, step),
  LayerNorm: (c, { graph, input, opset, weight }) =>
    layerNorm(graph, input, typeof c.normalizedShape === 'number' ? 1 : c.normalizedShape.length, c.eps ?? 1e-5, weight('gamma'), weight('beta'), opset),
  // sequences: onnxSequence.ts
  Embedding: sequence,
  SimpleRNN: sequence,
  LSTM: sequence,
  GRU: sequence,
  Bidirectional: sequence,
  LastStep: sequence,
  GlobalAvgPool1D: sequence,
  GlobalMaxPool1D: sequence,
  PositionalEmbedding: sequence,
  MultiHeadAttention: sequence,
  // Containers are flattened into the graph: their children's nodes, then an Add or a Concat.
  Sequential: (_, { layer, prefix, input, shape, emit }) => {
    let value = input;
    let at = shape;
    (layer as Sequential).layers.forEach((child, i) => {
      value = emit(child, `${prefix}.${i}`, value, at);
      at = child.outputShape(at);
    });
    return value;
  },
  Residual: (_, { graph, layer, prefix, input, shape, emit }) => {
    const { block, shortcut } = layer as Residual;
    const main = emit(block, `${prefix}.block`, input, shape);
    return graph.node('Add', [main, shortcut ? emit(shortcut, `${prefix}.shortcut`, input, shape) : input]);
  },
  Concat: (c, { graph, layer, prefix, input, shape, emit }) => {
    const branches = (layer as Concat).branches.map((branch, k) => emit(branch, `${prefix}.${k}`, input, shape));
    const rank = layer.outputShape(shape).length;
    const axis = c.axis ?? 1;
    return graph.node('Concat', branches, [intAttr('axis', axis < 0 ? rank + axis : axis)]);
  },
};

function sequence(config: LayerConfig, { graph, layer, index, input, shape }: OnnxStep): string {
  return emitSequenceLayer(graph, layer, config, index, input, shape);
}

/** Appends the nodes computing `layer` on `input` (of shape `shape`, batch 1) and returns its output name. */
export function emitLayer(
  graph: OnnxGraph,
  layer: Layer,
  index: number,
  input: string,
  shape: Shape,
  opset: number,
  where: string,
  prefix = String(index),
): string {
  const config = exportableConfig(layer, index, where, 'ONNX');
  const entry = ONNX_LAYERS[config.type] as ((config: LayerConfig, step: OnnxStep) => string) | Unsupported;
  if (isUnsupported(entry)) return refuse(where, index, config.type, 'ONNX', entry);
  const weight = (name: string, dims?: Shape): string => {
    const tensor = layerTensor(layer, name);
    return graph.floatTensor(`${prefix}.${name}`, dims ?? tensor.shape, tensor.data);
  };
  const emit = (child: Layer, childPrefix: string, childInput: string, childShape: Shape): string =>
    emitLayer(graph, child, index, childInput, childShape, opset, where, childPrefix);
  return entry(config, { graph, input, shape, opset, index, prefix, layer, weight, emit });
}

function pool(op: 'MaxPool' | 'AveragePool', c: ConfigOf<'MaxPool2D' | 'AvgPool2D'>, { graph, input }: OnnxStep): string {
  return graph.node(op, [input], [intsAttr('kernel_shape', pair(c.kernelSize)), intsAttr('strides', pair(c.stride ?? c.kernelSize))]);
}

function batchNorm(eps: number | undefined, { graph, input, weight }: OnnxStep): string {
  const inputs = [input, weight('gamma'), weight('beta'), weight('runningMean'), weight('runningVar')];
  return graph.node('BatchNormalization', inputs, [floatAttr('epsilon', eps ?? 1e-5)]);
}

/**
 * ONNX pads [top, left, bottom, right]. 'same' is resolved here from the known image size, with the
 * odd pixel at the bottom/right as kubiki's Conv2D (and ONNX's SAME_UPPER) do.
 */
function convPads(padding: number | readonly [number, number] | 'same', shape: Shape, kernel: [number, number], stride: [number, number]): number[] {
  if (padding !== 'same') {
    const [padH, padW] = pair(padding);
    return [padH, padW, padH, padW];
  }
  const total = [2, 3].map((axis, i) => {
    const size = shape[axis] as number;
    const s = stride[i] as number;
    return Math.max((Math.ceil(size / s) - 1) * s + (kernel[i] as number) - size, 0);
  }) as [number, number];
  const top = Math.floor(total[0] / 2);
  const left = Math.floor(total[1] / 2);
  return [top, left, total[0] - top, total[1] - left];
}

/**
 * LayerNorm over the last `rank` axes: one LayerNormalization op from opset 17; before that
 *   d = x − mean(x),  y = d / √(mean(d²) + ε) · γ + β   in primitive ops.
 */
function layerNorm(graph: OnnxGraph, x: string, rank: number, eps: number, gamma: string, beta: string, opset: number): string {
  if (opset >= 17) return graph.node('LayerNormalization', [x, gamma, beta], [intAttr('axis', -rank), floatAttr('epsilon', eps)]);
  const axes = Array.from({ length: rank }, (_, i) => i - rank);
  const mean = (v: string) => graph.node('ReduceMean', [v], [intsAttr('axes', axes), intAttr('keepdims', 1)]);
  const centered = graph.node('Sub', [x, mean(x)]);
  const std = graph.node('Sqrt', [graph.node('Add', [mean(graph.node('Mul', [centered, centered])), graph.scalar(eps)])]);
  return graph.node('Add', [graph.node('Mul', [graph.node('Div', [centered, std]), gamma]), beta]);
}

/**
 * GELU, tanh form: y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Opset 20 has it as one op
 * (Gelu, approximate="tanh"); before that it is spelled out in primitive ops.
 */
function gelu(graph: OnnxGraph, x: string, opset: number): string {
  if (opset >= 20) return graph.node('Gelu', [x], [stringAttr('approximate', 'tanh')]);
  const cube = graph.node('Mul', [graph.node('Mul', [x, x]), x]);
  const inner = graph.node('Add', [x, graph.node('Mul', [cube, graph.scalar(0.044715)])]);
  const t = graph.node('Tanh', [graph.node('Mul', [inner, graph.scalar(Math.sqrt(2 / Math.PI))])]);
  return graph.node('Mul', [graph.node('Mul', [x, graph.scalar(0.5)]), graph.node('Add', [t, graph.scalar(1)])]);
}
