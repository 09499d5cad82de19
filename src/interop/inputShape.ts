import { ConfigError, KubikiError, ShapeError, formatShape } from '../errors';
import { builtInConfig } from '../layers/buildLayer';
import type { Layer } from '../layers/Layer';
import type { LayerType } from '../layers/LayerConfig';
import type { Sequential } from '../model/Sequential';
import type { Shape } from '../tensor/Tensor';

/** The largest square image side tried when inferring a CNN's input size. */
const MAX_SIDE = 1024;

/**
 * The shape of one input sample (no batch dimension) that exported formats declare. In order:
 * 1. the caller's `inputShape` option;
 * 2. `model.metadata.inputShape` (set by `kubiki train` and by the importers);
 * 3. inferred from the first layer that fixes a size: Linear → [inputSize]; Reshape (without −1)
 *    → [product]; Conv2D → [inChannels, s, s] for the one square side s that makes the first
 *    Linear's inputSize come out right (a Flatten → Linear head pins it; a global pooling does not).
 */
export function resolveInputShape(model: Sequential, option: Shape | undefined, where: string): Shape {
  const stated = option ?? model.metadata.inputShape;
  if (stated !== undefined) {
    if (!Array.isArray(stated) || stated.length === 0 || !stated.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ConfigError(
        `${where}: expected inputShape to be the shape of one sample without the batch, e.g. [4] or [1, 28, 28], got ${JSON.stringify(stated)}`,
      );
    }
    try {
      model.outputShape([1, ...(stated as number[])]);
    } catch (error) {
      if (!(error instanceof KubikiError)) throw error;
      throw new ShapeError(`${where}: inputShape ${formatShape(stated as number[])} does not fit the model: ${error.message}`);
    }
    return stated as number[];
  }
  const inferred = inferInputShape(model.layers);
  if (inferred !== undefined) return inferred;
  throw new ConfigError(
    `${where}: cannot tell the model's input shape from its layers; ` +
      'pass { inputShape: [...] } (one sample, without the batch) or set model.metadata.inputShape',
  );
}

function inferInputShape(layers: readonly Layer[]): Shape | undefined {
  for (const layer of layers) {
    const config = builtInConfig(layer.toConfig());
    if (config === undefined) return undefined; // a user layer: its shape rule is unknown here
    switch (config.type) {
      case 'Linear':
        return [config.inputSize];
      case 'Reshape':
        return config.shape.includes(-1) ? undefined : [config.shape.reduce((a, b) => a * b, 1)];
      case 'Conv2D':
        return squareImage(layers, config.inChannels);
      default:
        // Elementwise layers keep the shape, so the search goes on; anything else may change it.
        if (!SHAPE_PRESERVING[config.type]) return undefined;
    }
  }
  return undefined;
}

/** [channels, s, s] for the only side s whose output reaches the first Linear with its inputSize. */
function squareImage(layers: readonly Layer[], channels: number): Shape | undefined {
  const head = layers.findIndex((layer) => layer.toConfig().type === 'Linear');
  const linear = builtInConfig(layers[head]?.toConfig() ?? { type: '' });
  if (linear?.type !== 'Linear') return undefined;
  const fits: number[] = [];
  for (let side = 1; side <= MAX_SIDE; side++) {
    try {
      let shape: Shape = [1, channels, side, side];
      for (const layer of layers.slice(0, head)) shape = layer.outputShape(shape);
      if (shape.length === 2 && shape[1] === linear.inputSize) fits.push(side);
    } catch (error) {
      if (!(error instanceof KubikiError)) throw error; // too small for a kernel: try the next side
    }
  }
  return fits.length === 1 ? [channels, fits[0] as number, fits[0] as number] : undefined;
}

/** Whether each layer type's output has its input's shape (so the search for the input shape goes on past it). */
const SHAPE_PRESERVING: { readonly [K in LayerType]: boolean } = {
  Linear: false,
  ReLU: true,
  LeakyReLU: true,
  PReLU: true,
  ELU: true,
  Sigmoid: true,
  Tanh: true,
  Softplus: true,
  GELU: true,
  SiLU: true,
  Identity: true,
  Softmax: true,
  LogSoftmax: true,
  Dropout: true,
  Flatten: false,
  Reshape: false,
  Conv2D: false,
  MaxPool2D: false,
  AvgPool2D: false,
  GlobalAvgPool2D: false,
  // They keep the shape, but fix the channel count or trailing sizes the search would have to honour.
  BatchNorm1D: false,
  BatchNorm2D: false,
  LayerNorm: false,
  // sequences
  Embedding: false,
  SimpleRNN: false,
  LSTM: false,
  GRU: false,
  Bidirectional: false,
  LastStep: false,
  GlobalAvgPool1D: false,
  GlobalMaxPool1D: false,
  PositionalEmbedding: true,
  MultiHeadAttention: true,
  // containers: their output shape depends on their children
  Sequential: false,
  Residual: false,
  Concat: false,
};
