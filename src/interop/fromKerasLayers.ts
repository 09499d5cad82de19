import { DataError, KubikiError, formatShape } from '../errors';
import { buildLayer } from '../layers/buildLayer';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import { describe, type Json, type KerasLayerJson, type KerasSequential } from './kerasJson';
import type { KerasWeightSource } from './kerasWeightSource';
import { setLayerTensor } from './layerWeights';

/*
 * A Keras Sequential config → kubiki layers, one Keras layer at a time, tracking the sample shape
 * so Dense knows its input size. Settings that change what the network computes and that kubiki
 * cannot reproduce are errors naming the layer and the setting; training-only settings
 * (initializers, regularizers, constraints, trainable) are not carried over.
 */

/** Config keys that never change a trained network's predictions. */
const TRAINING_ONLY = new Set([
  'name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'input_shape', 'input_dim', 'seed',
  'kernel_initializer', 'bias_initializer', 'gamma_initializer', 'beta_initializer',
  'moving_mean_initializer', 'moving_variance_initializer',
  'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'gamma_regularizer', 'beta_regularizer',
  'kernel_constraint', 'bias_constraint', 'gamma_constraint', 'beta_constraint',
]);

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
};

/** Options checks: each handled key and whether a value is one kubiki reproduces. */
type Accepts = Readonly<Record<string, (value: Json | undefined) => boolean>>;

const isNullish = (v: Json | undefined): boolean => v === null || v === undefined;
const equals = (expected: Json) => (v: Json | undefined): boolean => v === undefined || v === expected;
const any = (): boolean => true;

/** Converts the layers of `model`; `where` names the caller ("importTfjs: model.json"). */
export function fromKerasLayers(model: KerasSequential, weights: KerasWeightSource, where: string): {
  layers: Layer[];
  inputShape: Shape;
} {
  if (model.inputShape === undefined) {
    throw new DataError(
      `${where}: expected the first layer to state its input shape (batch_input_shape, batch_shape or an InputLayer), found none`,
    );
  }
  const inputShape = model.inputShape;
  let shape: Shape = inputShape;
  const layers: Layer[] = [];
  const add = (config: LayerConfig, at: string): Layer => {
    let layer: Layer;
    try {
      layer = buildLayer(config);
      shape = layer.outputShape([1, ...shape]).slice(1);
    } catch (error) {
      if (error instanceof KubikiError) throw new DataError(`${at}: ${error.message}`);
      throw error;
    }
    layers.push(layer);
    return layer;
  };

  model.layers.forEach((keras, index) => {
    const name = typeof keras.config.name === 'string' ? keras.config.name : `layer_${index}`;
    const at = `${where} layers[${index}] (${keras.class_name} "${name}")`;
    const config = keras.config;
    const check = (accepts: Accepts): void => checkOptions(keras, at, accepts);
    switch (keras.class_name) {
      case 'InputLayer':
        if (index !== 0) throw new DataError(`${at}: expected InputLayer only as the first layer`);
        check({ sparse: equals(false), ragged: equals(false), input_tensor: isNullish });
        break;
      case 'Dense': {
        check({ units: any, activation: any, use_bias: any, lora_rank: isNullish, lora_alpha: any, quantization_config: isNullish });
        if (shape.length !== 1) {
          throw new DataError(
            `${at}: expected a [batch, features] input, got one sample of shape ${formatShape(shape)}; ` +
              'Keras applies Dense to the last axis, kubiki\'s Linear needs a Flatten first',
          );
        }
        const units = config.units;
        const useBias = config.use_bias ?? true;
        if (typeof units !== 'number' || typeof useBias !== 'boolean') {
          throw new DataError(`${at}: expected integer units and boolean use_bias, got ${describe({ units, use_bias: useBias })}`);
        }
        const linear = add({ type: 'Linear', inputSize: shape[0] as number, outputSize: units, bias: useBias }, at);
        loadWeight(linear, 'weight', weights.take(name, 'kernel'), at);
        if (useBias) loadWeight(linear, 'bias', weights.take(name, 'bias'), at);
        const activation = activationLayer(config.activation, at);
        if (activation !== null) add(activation, at);
        break;
      }
      case 'Activation': {
        check({ activation: any });
        add(activationLayer(config.activation, at) ?? { type: 'Identity' }, at);
        break;
      }
      case 'ReLU': {
        check({ max_value: isNullish, threshold: equals(0), negative_slope: any });
        const slope = numberOption(config.negative_slope, 0, at, 'negative_slope');
        add(slope === 0 ? { type: 'ReLU' } : { type: 'LeakyReLU', slope }, at);
        break;
      }
      case 'LeakyReLU':
        check({ alpha: any, negative_slope: any });
        add({ type: 'LeakyReLU', slope: numberOption(config.negative_slope ?? config.alpha, 0.3, at, 'alpha') }, at);
        break;
      case 'ELU':
        check({ alpha: any });
        add({ type: 'ELU', alpha: numberOption(config.alpha, 1, at, 'alpha') }, at);
        break;
      case 'Softmax':
        check({ axis: (v) => v === undefined || v === -1 || (Array.isArray(v) && v.length === 1 && v[0] === -1) || v === shape.length });
        add({ type: 'Softmax' }, at);
        break;
      case 'Dropout':
        check({ rate: any, noise_shape: isNullish });
        add({ type: 'Dropout', p: numberOption(config.rate, 0.5, at, 'rate') }, at);
        break;
      case 'Flatten':
        // channels_first transposes to channels-last before flattening; a no-op only up to rank 2.
        check({ data_format: (v) => isNullish(v) || v === 'channels_last' || shape.length <= 1 });
        add({ type: 'Flatten' }, at);
        break;
      default:
        throw new DataError(
          `${at}: layer class ${JSON.stringify(keras.class_name)} is not supported; kubiki imports ` +
            'InputLayer, Dense, Activation, ReLU, LeakyReLU, ELU, Softmax, Dropout and Flatten',
        );
    }
  });
  weights.finish();
  return { layers, inputShape };
}

/** The kubiki layer for a Keras activation (string, TF.js object or Keras 3 function object); null for linear. */
function activationLayer(value: Json | undefined, at: string): LayerConfig | null {
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

function numberOption(value: Json | undefined, fallback: number, at: string, key: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number') throw new DataError(`${at}: expected ${key} to be a number, got ${describe(value)}`);
  return value;
}

/** Throws for a setting kubiki cannot reproduce, naming it. */
function checkOptions(layer: KerasLayerJson, at: string, accepts: Accepts): void {
  for (const [key, value] of Object.entries(layer.config)) {
    if (TRAINING_ONLY.has(key)) continue;
    const accept = accepts[key];
    if (accept === undefined ? value !== null : !accept(value)) {
      throw new DataError(`${at}: option ${key}=${describe(value)} is not supported by kubiki's import`);
    }
  }
}

/** Copies a Keras weight (same layout as kubiki for Dense) into the layer. */
function loadWeight(layer: Layer, param: string, weight: { shape: Shape; data: ArrayLike<number> } | undefined, at: string): void {
  if (weight !== undefined) setLayerTensor(layer, param, weight.shape, weight.data, at);
}
