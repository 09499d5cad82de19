import { Concat } from '../containers/Concat';
import type { ChildConfig } from '../containers/childConfig';
import { Residual } from '../containers/Residual';
import { ConfigError } from '../errors';
import { Sequential } from '../model/Sequential';
import type { Rng } from '../tensor/rng';
import { AvgPool2D } from './AvgPool2D';
import { BatchNorm1D } from './BatchNorm1D';
import { BatchNorm2D } from './BatchNorm2D';
import { Conv2D } from './Conv2D';
import { Dropout } from './Dropout';
import { ELU } from './ELU';
import { Flatten } from './Flatten';
import { GELU } from './GELU';
import { GlobalAvgPool2D } from './GlobalAvgPool2D';
import { Identity } from './Identity';
import type { CustomLayerConfig, Layer } from './Layer';
import type { ConfigOf, LayerConfig, LayerType } from './LayerConfig';
import { LayerNorm } from './LayerNorm';
import { LeakyReLU } from './LeakyReLU';
import { Linear } from './Linear';
import { LogSoftmax } from './LogSoftmax';
import { MaxPool2D } from './MaxPool2D';
import { PReLU } from './PReLU';
import { ReLU } from './ReLU';
import { Reshape } from './Reshape';
import { SiLU } from './SiLU';
import { Sigmoid } from './Sigmoid';
import { Softmax } from './Softmax';
import { Softplus } from './Softplus';
import { Tanh } from './Tanh';
import { Embedding } from './Embedding';
import { SimpleRNN } from './SimpleRNN';
import { LSTM } from './LSTM';
import { GRU } from './GRU';
import { Bidirectional } from './Bidirectional';
import { LastStep } from './LastStep';
import { GlobalAvgPool1D } from './GlobalAvgPool1D';
import { GlobalMaxPool1D } from './GlobalMaxPool1D';
import { PositionalEmbedding } from './PositionalEmbedding';
import { MultiHeadAttention } from './MultiHeadAttention';

/**
 * The one place a built-in config becomes a layer: one builder per type, and the compiler checks
 * that every type in LayerConfig has one. Configs are trusted here (the constructors still check
 * their own arguments); untrusted JSON is validated before it arrives. `rng` seeds weight
 * initialisation and is the generator Dropout draws its masks from.
 */
const BUILDERS: { readonly [K in LayerType]: (config: ConfigOf<K>, rng?: Rng) => Layer } = {
  // dense
  Linear: (c, rng) => new Linear(c.inputSize, c.outputSize, { bias: c.bias, init: c.init, rng }),
  // activations
  ReLU: () => new ReLU(),
  LeakyReLU: (c) => new LeakyReLU(c.slope),
  PReLU: (c) => new PReLU(c),
  ELU: (c) => new ELU(c.alpha),
  Sigmoid: () => new Sigmoid(),
  Tanh: () => new Tanh(),
  Softplus: () => new Softplus(),
  GELU: () => new GELU(),
  SiLU: () => new SiLU(),
  Identity: () => new Identity(),
  Softmax: () => new Softmax(),
  LogSoftmax: () => new LogSoftmax(),
  // regularisation and reshaping
  Dropout: (c, rng) => new Dropout(c.p, { rng }),
  Flatten: () => new Flatten(),
  Reshape: (c) => new Reshape(c.shape),
  // convolutional
  Conv2D: (c, rng) =>
    new Conv2D(c.inChannels, c.outChannels, c.kernelSize, { stride: c.stride, padding: c.padding, bias: c.bias, init: c.init, rng }),
  MaxPool2D: (c) => new MaxPool2D(c.kernelSize, c.stride),
  AvgPool2D: (c) => new AvgPool2D(c.kernelSize, c.stride),
  GlobalAvgPool2D: () => new GlobalAvgPool2D(),
  // normalisation
  BatchNorm1D: (c) => new BatchNorm1D(c.features, { momentum: c.momentum, eps: c.eps }),
  BatchNorm2D: (c) => new BatchNorm2D(c.channels, { momentum: c.momentum, eps: c.eps }),
  LayerNorm: (c) => new LayerNorm(c.normalizedShape, { eps: c.eps }),
  // sequences
  Embedding: (c, rng) => new Embedding(c.numEmbeddings, c.embeddingDim, { paddingIdx: c.paddingIdx, rng }),
  SimpleRNN: (c, rng) =>
    new SimpleRNN(c.inputSize, c.hiddenSize, { activation: c.activation, returnSequences: c.returnSequences, rng }),
  LSTM: (c, rng) => new LSTM(c.inputSize, c.hiddenSize, { returnSequences: c.returnSequences, rng }),
  GRU: (c, rng) => new GRU(c.inputSize, c.hiddenSize, { returnSequences: c.returnSequences, resetAfter: c.resetAfter, rng }),
  Bidirectional: (c, rng) => {
    const inner = c.inputSize !== undefined && !('inputSize' in c.layer) ? { ...c.layer, inputSize: c.inputSize } : c.layer;
    return new Bidirectional(buildLayer(inner as LayerConfig | CustomLayerConfig, rng), { merge: c.merge, rng });
  },
  LastStep: () => new LastStep(),
  GlobalAvgPool1D: () => new GlobalAvgPool1D(),
  GlobalMaxPool1D: () => new GlobalMaxPool1D(),
  PositionalEmbedding: (c, rng) => new PositionalEmbedding(c.maxLength, c.dim, { rng }),
  MultiHeadAttention: (c, rng) => new MultiHeadAttention(c.embedDim, c.numHeads, { causal: c.causal, bias: c.bias, rng }),
  // containers: a child is a layer config, or an array of them for a Sequential
  Sequential: (c, rng) => new Sequential(c.layers.map((child) => buildLayer(child, rng))),
  Residual: (c, rng) =>
    new Residual(buildChild(c.block, rng), { shortcut: c.shortcut === undefined ? undefined : buildChild(c.shortcut, rng) }),
  Concat: (c, rng) => new Concat(c.branches.map((branch) => buildChild(branch, rng)), { axis: c.axis }),
};

/** A container's child: one layer, or an array of layers for a Sequential of them. */
function buildChild(config: ChildConfig, rng?: Rng): Layer {
  return Array.isArray(config)
    ? new Sequential((config as readonly (LayerConfig | CustomLayerConfig)[]).map((child) => buildLayer(child, rng)))
    : buildLayer(config as LayerConfig | CustomLayerConfig, rng);
}

/** The built-in layer type names, in the order above (for validation messages and "did you mean"). */
export const LAYER_TYPES = Object.keys(BUILDERS) as readonly LayerType[];

/** True for the name of a built-in layer type. */
export function isLayerType(type: string): type is LayerType {
  return Object.prototype.hasOwnProperty.call(BUILDERS, type);
}

/** The config of a built-in layer, or undefined for a registered (user) layer type. */
export function builtInConfig(config: LayerConfig | CustomLayerConfig): LayerConfig | undefined {
  return isLayerType(config.type) ? (config as LayerConfig) : undefined;
}

/** Turns the JSON config of a user layer type back into a layer. */
export type LayerFactory = (config: CustomLayerConfig) => Layer;

/** User layer types, filled only by explicit registerLayer calls (never by importing a file). */
const registered = new Map<string, LayerFactory>();

/**
 * Makes a user layer type known to buildLayer, loadModel and config validation, which consult it
 * after the built-ins: `registerLayer('Scale', (config) => new Scale(config.factor as number))`.
 * The layer's toConfig() returns `{ type: 'Scale', … }`; that object is what `fromConfig` gets back.
 * Registering a type again replaces its factory; a built-in type name is a ConfigError.
 */
export function registerLayer(type: string, fromConfig: LayerFactory): void {
  if (typeof type !== 'string' || type.length === 0) {
    throw new ConfigError(`registerLayer: expected type to be a non-empty string, got ${JSON.stringify(type)}`);
  }
  if (isLayerType(type)) {
    throw new ConfigError(`registerLayer: "${type}" is a built-in layer type; give your layer another name`);
  }
  if (typeof fromConfig !== 'function') {
    throw new ConfigError(`registerLayer: expected fromConfig to be a function (config) => layer, got ${typeof fromConfig}`);
  }
  registered.set(type, fromConfig);
}

/** Forgets a registered layer type (tests clean up with it); returns whether it was registered. */
export function unregisterLayer(type: string): boolean {
  return registered.delete(type);
}

/** Every layer type buildLayer accepts now: the built-ins, then the registered ones. */
export function knownLayerTypes(): readonly string[] {
  return [...LAYER_TYPES, ...registered.keys()];
}

/** The fix for a layer type nobody registered, for error messages. */
export function registerHint(type: string): string {
  return `register it with registerLayer(${JSON.stringify(type)}, (config) => new YourLayer(…)) before building or loading the model`;
}

/**
 * A config becomes a layer: a built-in type through its builder, else a registered type through
 * its factory. An unknown type is a ConfigError naming it and how to register it.
 */
export function buildLayer(config: LayerConfig | CustomLayerConfig, rng?: Rng): Layer {
  const builtIn = builtInConfig(config);
  if (builtIn !== undefined) {
    return (BUILDERS[builtIn.type] as (config: LayerConfig, rng?: Rng) => Layer)(builtIn, rng);
  }
  const factory = registered.get(config.type);
  if (factory === undefined) {
    throw new ConfigError(`buildLayer: unknown layer type ${JSON.stringify(config.type)}; ${registerHint(config.type)}`);
  }
  return factory(config as CustomLayerConfig);
}
