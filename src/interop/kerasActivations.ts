import { DataError } from '../errors';
import type { ConfigOf, LayerConfig, LayerType } from '../layers/LayerConfig';
import { describe, type Json } from './kerasJson';
import { isUnsupported, unsupported, type Unsupported } from './layerTable';

const notActivation = unsupported('not an elementwise activation');

/**
 * kubiki layer type → the Keras activation string computing the same function (what exportTfjs
 * writes as `Activation(…)` or folds into the Dense/Conv2D before it), or why there is none.
 */
export const KERAS_ACTIVATIONS: {
  readonly [K in LayerType]: string | Unsupported | ((config: ConfigOf<K>) => string | Unsupported);
} = {
  ReLU: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Softmax: 'softmax',
  LogSoftmax: 'log_softmax',
  Softplus: 'softplus',
  ELU: (c) => ((c.alpha ?? 1) === 1 ? 'elu' : unsupported('the activation has alpha 1; other alphas need the ELU layer')),
  // TF.js knows x·σ(x) as 'swish' (not 'silu'); Keras 3 reads 'swish' as an alias of silu.
  SiLU: 'swish',
  GELU: unsupported("Keras's and TF.js's 'gelu' is the exact erf form, kubiki's GELU the tanh form, and TF.js 4.22 cannot load its tanh form 'gelu_new'"),
  LeakyReLU: unsupported('its slope needs the LeakyReLU layer'),
  PReLU: unsupported('its learnable slopes need the PReLU layer'),
  Identity: unsupported('kept as its own Activation("linear") layer'),
  Linear: notActivation,
  Dropout: notActivation,
  Flatten: notActivation,
  Reshape: notActivation,
  Conv2D: notActivation,
  MaxPool2D: notActivation,
  AvgPool2D: notActivation,
  GlobalAvgPool2D: notActivation,
  BatchNorm1D: notActivation,
  BatchNorm2D: notActivation,
  LayerNorm: notActivation,
  Embedding: notActivation,
  SimpleRNN: notActivation,
  LSTM: notActivation,
  GRU: notActivation,
  Bidirectional: notActivation,
  LastStep: notActivation,
  GlobalAvgPool1D: notActivation,
  GlobalMaxPool1D: notActivation,
  PositionalEmbedding: notActivation,
  MultiHeadAttention: notActivation,
  Sequential: notActivation,
  Residual: notActivation,
  Concat: notActivation,
};

/** The Keras activation string for a layer config, or why there is none. */
export function kerasActivation(config: LayerConfig): string | Unsupported {
  const entry = KERAS_ACTIVATIONS[config.type] as string | Unsupported | ((config: LayerConfig) => string | Unsupported);
  return typeof entry === 'function' ? entry(config) : entry;
}

/** The Keras activation string for a layer config, or undefined when it has none. */
export function kerasActivationName(config: LayerConfig): string | undefined {
  const name = kerasActivation(config);
  return isUnsupported(name) ? undefined : name;
}

/** Keras activation names (snake_case) → the kubiki layer computing the same function. */
const ACTIVATIONS: Readonly<Record<string, LayerConfig | null>> = {
  linear: null,
  relu: { type: 'ReLU' },
  sigmoid: { type: 'Sigmoid' },
  tanh: { type: 'Tanh' },
  softmax: { type: 'Softmax' },
  log_softmax: { type: 'LogSoftmax' },
  softplus: { type: 'Softplus' },
  elu: { type: 'ELU', alpha: 1 },
  gelu_new: { type: 'GELU' }, // TF.js's name for the tanh approximation
  leaky_relu: { type: 'LeakyReLU', slope: 0.2 }, // keras.activations.leaky_relu's default
  silu: { type: 'SiLU' },
  swish: { type: 'SiLU' },
};

/** The kubiki layer for a Keras activation (string, TF.js object or Keras 3 function object); null for linear. */
export function activationLayer(value: Json | undefined, at: string): LayerConfig | null {
  let name: Json | undefined = value ?? 'linear';
  if (typeof name === 'object' && name !== null && !Array.isArray(name)) {
    name = typeof name.config === 'string' ? name.config : name.class_name;
  }
  if (typeof name !== 'string') throw new DataError(`${at}: expected activation to be a name, got ${describe(value)}`);
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const layer = ACTIVATIONS[snake];
  if (layer === undefined) {
    const hint = snake === 'gelu' ? " (Keras's gelu is the exact erf form; kubiki's GELU is the tanh approximation)" : '';
    throw new DataError(
      `${at}: activation ${JSON.stringify(name)} is not supported${hint}; kubiki has ${Object.keys(ACTIVATIONS).join(', ')}`,
    );
  }
  return layer;
}
