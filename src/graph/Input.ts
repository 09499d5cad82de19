import { ConfigError } from '../errors';
import type { Shape } from '../tensor/Tensor';
import { SymbolicTensor } from './SymbolicTensor';

export interface InputOptions {
  /** The input's name (Keras's `name`); a Model names unnamed inputs input_1, input_2, … */
  name?: string;
}

/**
 * A graph input (Keras's `Input`): a symbolic tensor of the shape of ONE sample, without the batch
 * (`Input([784])` for rows of 784 features, `Input([1, 28, 28])` for NCHW images).
 */
export function Input(shape: Shape | number, options: InputOptions = {}): SymbolicTensor {
  const dims = typeof shape === 'number' ? [shape] : [...shape];
  if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError(`Input: shape: expected positive integers (one sample, no batch), got ${JSON.stringify(shape)}`);
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    throw new ConfigError(`Input: name: expected a non-empty string, got ${JSON.stringify(options.name)}`);
  }
  return new SymbolicTensor(dims, undefined, options.name);
}
