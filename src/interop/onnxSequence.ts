import { ConfigError } from '../errors';
import type { Bidirectional } from '../layers/Bidirectional';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import { isRecurrent, type RecurrentConfig } from './kerasRecurrent';
import { layerTensor } from './layerWeights';
import { intAttr, intsAttr, OnnxGraph, stringAttr, stringsAttr } from './OnnxGraph';
import { permute, reorderGates } from './permute';

/*
 * ONNX for kubiki's sequence layers ([batch, time, features], batch-first):
 * - Embedding: Gather of the table by the indices (cast to int64);
 * - SimpleRNN/LSTM/GRU (and Bidirectional of one): ONNX's RNN/LSTM/GRU ops, time-major (opset 13
 *   has no `layout`), W [D, G·H, in] = kernelᵀ, R [D, G·H, H] = recurrentKernelᵀ, B [D, 2·G·H] =
 *   [input biases, recurrent biases], gate blocks reordered: LSTM i, f, g, o → ONNX i, o, f, c;
 *   GRU r, z, n → ONNX z, r, h (linear_before_reset = 1 is PyTorch's GRU, kubiki's resetAfter);
 * - MultiHeadAttention in primitive ops (MatMul, Add, Reshape, Transpose, Mul, Softmax);
 * - PositionalEmbedding, LastStep, GlobalAvgPool1D, GlobalMaxPool1D.
 */

/** Our gate block k of an ONNX weight is block order[k] of kubiki's. */
const ONNX_GATES: Readonly<Record<RecurrentConfig['type'], readonly number[]>> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [1, 0, 2] };
const ONNX_OP: Readonly<Record<RecurrentConfig['type'], string>> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };

/** Appends the nodes for a sequence layer and returns its output. */
export function emitSequenceLayer(graph: OnnxGraph, layer: Layer, config: LayerConfig, index: number, input: string, shape: Shape): string {
  const weight = (name: string): string => {
    const tensor = layerTensor(layer, name);
    return graph.floatTensor(`${index}.${name}`, tensor.shape, tensor.data);
  };
  switch (config.type) {
    case 'Embedding':
      return graph.node('Gather', [weight('weight'), graph.node('Cast', [input], [intAttr('to', 7 /* INT64 */)])], [intAttr('axis', 0)]);
    case 'PositionalEmbedding': {
      const table = layerTensor(layer, 'weight');
      const [time, dim] = [shape[1] as number, config.dim];
      return graph.node('Add', [input, graph.floatTensor(`${index}.weight`, [time, dim], table.data.subarray(0, time * dim))]);
    }
    case 'LastStep':
      return graph.node('Gather', [input, graph.int64Scalar(`${index}.last`, (shape[1] as number) - 1)], [intAttr('axis', 1)]);
    case 'GlobalAvgPool1D':
      return graph.node('ReduceMean', [input], [intsAttr('axes', [1]), intAttr('keepdims', 0)]);
    case 'GlobalMaxPool1D':
      return graph.node('ReduceMax', [input], [intsAttr('axes', [1]), intAttr('keepdims', 0)]);
    case 'MultiHeadAttention':
      return attention(graph, config, index, input, shape[1] as number, weight);
    case 'Bidirectional': {
      const inner = config.layer;
      if (!isRecurrent(inner)) throw new ConfigError(`exportOnnx: layers[${index}] (Bidirectional) wraps ${inner.type}; ONNX export takes a SimpleRNN, LSTM or GRU there`);
      const both = layer as Bidirectional;
      return recurrent(graph, inner, [both.forwardLayer, both.backwardLayer], index, input, config.merge ?? 'concat');
    }
    default:
      if (isRecurrent(config)) return recurrent(graph, config, [layer], index, input, 'concat');
      throw new ConfigError(`exportOnnx: layers[${index}] (${config.type}) is not a sequence layer`);
  }
}

/** One ONNX RNN/LSTM/GRU node over 1 or 2 directions, transposed in and out of ONNX's time-major layout. */
function recurrent(graph: OnnxGraph, config: RecurrentConfig, copies: readonly Layer[], index: number, input: string, merge: 'concat' | 'sum'): string {
  const order = ONNX_GATES[config.type];
  const hidden = config.hiddenSize;
  const width = order.length * hidden;
  const stack = (param: string | undefined, rows: number, transpose: boolean): Float32Array => {
    const out = new Float32Array(copies.length * rows * width);
    copies.forEach((copy, d) => {
      if (param === undefined) return; // zeros
      const t = layerTensor(copy, param);
      const gates = reorderGates(t.data, t.shape, order);
      out.set(transpose ? permute(gates.data, gates.shape, [1, 0]).data : gates.data, d * rows * width);
    });
    return out;
  };
  const directions = copies.length;
  const w = graph.floatTensor(`${index}.W`, [directions, width, config.inputSize], stack('kernel', config.inputSize, true));
  const r = graph.floatTensor(`${index}.R`, [directions, width, hidden], stack('recurrentKernel', hidden, true));
  // B = [Wb, Rb] per direction; kubiki's recurrent bias (GRU resetAfter) is Rb, otherwise zeros.
  const inputBias = stack('bias', 1, false);
  const resetAfter = config.type === 'GRU' && (config.resetAfter ?? true);
  const recurrentBias = stack(resetAfter ? 'recurrentBias' : undefined, 1, false);
  const biases = new Float32Array(directions * 2 * width);
  for (let d = 0; d < directions; d++) {
    biases.set(inputBias.subarray(d * width, (d + 1) * width), d * 2 * width);
    biases.set(recurrentBias.subarray(d * width, (d + 1) * width), d * 2 * width + width);
  }
  const b = graph.floatTensor(`${index}.B`, [directions, 2 * width], biases);
  const attributes = [intAttr('hidden_size', hidden), stringAttr('direction', directions === 2 ? 'bidirectional' : 'forward')];
  if (config.type === 'GRU') attributes.push(intAttr('linear_before_reset', resetAfter ? 1 : 0));
  if (config.type === 'SimpleRNN') attributes.push(stringsAttr('activations', Array(directions).fill(config.activation === 'relu' ? 'Relu' : 'Tanh')));
  const timeMajor = graph.node('Transpose', [input], [intsAttr('perm', [1, 0, 2])]);
  const [y, yh] = graph.multiNode(ONNX_OP[config.type], [timeMajor, w, r, b], config.type === 'LSTM' ? 3 : 2, attributes) as [string, string];
  if (config.returnSequences ?? false) {
    // Y [T, D, B, H] → [B, T, D, H] → [B, T, D·H] (forward then backward) or Σ_D
    const batchFirst = graph.node('Transpose', [y], [intsAttr('perm', [2, 0, 1, 3])]);
    if (merge === 'sum' && directions === 2) return graph.node('ReduceSum', [batchFirst, graph.int64Tensor(`${index}.axes`, [2])], [intAttr('keepdims', 0)]);
    return graph.node('Reshape', [batchFirst, graph.int64Tensor(`${index}.shape`, [0, 0, directions * hidden])]);
  }
  // Y_h [D, B, H] → [B, D, H] → [B, D·H] or Σ_D
  const batchFirst = graph.node('Transpose', [yh], [intsAttr('perm', [1, 0, 2])]);
  if (merge === 'sum' && directions === 2) return graph.node('ReduceSum', [batchFirst, graph.int64Tensor(`${index}.axes`, [1])], [intAttr('keepdims', 0)]);
  return graph.node('Reshape', [batchFirst, graph.int64Tensor(`${index}.shape`, [0, directions * hidden])]);
}

/**
 * PyTorch's multi-head self-attention in primitive ops, with d = embedDim / numHeads:
 *   Q = X·W_q + b_q (K, V alike) → [B, heads, T, d];  S = Q·Kᵀ · (1/√d) (+ a −∞ mask above the diagonal when causal)
 *   Y = concat_heads(softmax(S)·V)·W_o + b_o
 */
function attention(
  graph: OnnxGraph,
  config: Extract<LayerConfig, { type: 'MultiHeadAttention' }>,
  index: number,
  x: string,
  time: number,
  weight: (name: string) => string,
): string {
  const { embedDim, numHeads } = config;
  const headDim = embedDim / numHeads;
  const bias = config.bias ?? true;
  const project = (which: 'q' | 'k' | 'v' | 'out', value: string): string => {
    const product = graph.node('MatMul', [value, weight(`${which}Weight`)]);
    return bias ? graph.node('Add', [product, weight(`${which}Bias`)]) : product;
  };
  const heads = graph.int64Tensor(`${index}.heads`, [0, 0, numHeads, headDim]);
  const split = (which: 'q' | 'k' | 'v', perm: number[]): string =>
    graph.node('Transpose', [graph.node('Reshape', [project(which, x), heads])], [intsAttr('perm', perm)]);
  const q = split('q', [0, 2, 1, 3]); // [B, h, T, d]
  const kT = split('k', [0, 2, 3, 1]); // [B, h, d, T]
  const v = split('v', [0, 2, 1, 3]);
  let scores = graph.node('Mul', [graph.node('MatMul', [q, kT]), graph.scalar(1 / Math.sqrt(headDim))]);
  if (config.causal ?? false) {
    const mask = Array.from({ length: time * time }, (_, k) => (k % time > Math.floor(k / time) ? -Infinity : 0));
    scores = graph.node('Add', [scores, graph.floatTensor(`${index}.mask`, [time, time], mask)]);
  }
  const context = graph.node('MatMul', [graph.node('Softmax', [scores], [intAttr('axis', -1)]), v]);
  const merged = graph.node('Reshape', [graph.node('Transpose', [context], [intsAttr('perm', [0, 2, 1, 3])]), graph.int64Tensor(`${index}.merged`, [0, 0, embedDim])]);
  return project('out', merged);
}
