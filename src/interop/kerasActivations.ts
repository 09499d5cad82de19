import { DataError } from '../errors';
import type { LayerConfig } from '../layers/LayerConfig';
import { describe, type Json } from './kerasJson';

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
