import { ConfigError } from '../errors';
import type { Layer } from '../layers/Layer';
import type { Sequential } from '../model/Sequential';
import type { Shape } from '../tensor/Tensor';
import { atomicWrite } from '../model/atomicWrite';
import { resolveInputShape } from './inputShape';
import { layerTensor } from './layerWeights';
import { floatAttr, intAttr, intsAttr, OnnxGraph, stringAttr } from './OnnxGraph';
import { emitSequenceLayer } from './onnxSequence';
import { ONNX_FLOAT, onnxModelProto } from './onnxSchema';

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
 */
export function exportOnnx(model: Sequential, path: string, options: ExportOnnxOptions = {}): void {
  const where = 'exportOnnx';
  const opset = options.opset ?? 13;
  if (!Number.isInteger(opset) || opset < 13 || opset > 22) {
    throw new ConfigError(`${where}: expected opset to be an integer from 13 to 22, got ${JSON.stringify(opset)}`);
  }
  const inputShape = resolveInputShape(model, options.inputShape, where);
  const graph = new OnnxGraph();
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
      input: [valueInfo('input', [1, ...inputShape])],
      output: [valueInfo('output', shape)],
    },
  };
  const proto = onnxModelProto();
  const bytes = proto.encode(proto.fromObject(message)).finish();
  atomicWrite(path, bytes, where);
}

/** Appends the nodes computing `layer` on `input` (of shape `shape`, batch 1) and returns its output name. */
function emitLayer(graph: OnnxGraph, layer: Layer, index: number, input: string, shape: Shape, opset: number, where: string): string {
  const config = layer.toConfig();
  const weight = (name: string): string => {
    const tensor = layerTensor(layer, name);
    return graph.floatTensor(`${index}.${name}`, tensor.shape, tensor.data);
  };
  switch (config.type) {
    case 'Linear': {
      // Gemm: Y = A·B + C with B = W [in, out] as stored (transB = 0), C broadcast over the batch;
      // on [batch, …, in] (every step of a sequence) MatMul and Add, which broadcast the same way.
      if (shape.length === 2) return graph.node('Gemm', config.bias === false ? [input, weight('weight')] : [input, weight('weight'), weight('bias')]);
      const product = graph.node('MatMul', [input, weight('weight')]);
      return config.bias === false ? product : graph.node('Add', [product, weight('bias')]);
    }
    case 'ReLU':
      return graph.node('Relu', [input]);
    case 'Sigmoid':
      return graph.node('Sigmoid', [input]);
    case 'Tanh':
      return graph.node('Tanh', [input]);
    case 'Softplus':
      return graph.node('Softplus', [input]);
    case 'LeakyReLU':
      return graph.node('LeakyRelu', [input], [floatAttr('alpha', config.slope ?? 0.01)]);
    case 'ELU':
      return graph.node('Elu', [input], [floatAttr('alpha', config.alpha ?? 1)]);
    case 'Softmax':
      return graph.node('Softmax', [input], [intAttr('axis', -1)]);
    case 'LogSoftmax':
      return graph.node('LogSoftmax', [input], [intAttr('axis', -1)]);
    case 'Identity':
    case 'Dropout':
      return graph.node('Identity', [input]);
    case 'Flatten':
      return graph.node('Flatten', [input], [intAttr('axis', 1)]);
    case 'GELU':
      return gelu(graph, input, opset);
    case 'Conv2D': {
      const [kernelH, kernelW] = pair(config.kernelSize);
      const [strideH, strideW] = pair(config.stride ?? 1);
      const pads = convPads(config.padding ?? 0, shape, [kernelH, kernelW], [strideH, strideW]);
      const inputs = [input, weight('weight'), ...(config.bias === false ? [] : [weight('bias')])];
      return graph.node('Conv', inputs, [intsAttr('kernel_shape', [kernelH, kernelW]), intsAttr('strides', [strideH, strideW]), intsAttr('pads', pads)]);
    }
    case 'MaxPool2D':
    case 'AvgPool2D': {
      const kernel = pair(config.kernelSize);
      const attributes = [intsAttr('kernel_shape', kernel), intsAttr('strides', pair(config.stride ?? config.kernelSize))];
      return graph.node(config.type === 'MaxPool2D' ? 'MaxPool' : 'AveragePool', [input], attributes);
    }
    case 'GlobalAvgPool2D':
      // GlobalAveragePool keeps [batch, C, 1, 1]; kubiki's layer gives [batch, C].
      return graph.node('Flatten', [graph.node('GlobalAveragePool', [input])], [intAttr('axis', 1)]);
    case 'BatchNorm1D':
    case 'BatchNorm2D': {
      const inputs = [input, weight('gamma'), weight('beta'), weight('runningMean'), weight('runningVar')];
      return graph.node('BatchNormalization', inputs, [floatAttr('epsilon', config.eps ?? 1e-5)]);
    }
    case 'LayerNorm':
      return layerNorm(graph, input, typeof config.normalizedShape === 'number' ? 1 : config.normalizedShape.length, config.eps ?? 1e-5, weight('gamma'), weight('beta'), opset);
    case 'Reshape':
      // 0 copies the input's dimension: the batch stays symbolic.
      return graph.node('Reshape', [input, graph.int64Tensor(`${index}.shape`, [0, ...config.shape])]);
    default: {
      const sequence = emitSequenceLayer(graph, layer, config, index, input, shape);
      if (sequence !== undefined) return sequence;
      throw new ConfigError(`${where}: layers[${index}] (${layer.name}) has no ONNX export; kubiki exports its own layer types only`);
    }
  }
}

function pair(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
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
