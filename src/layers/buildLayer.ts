import { assertNever } from '../errors';
import type { Rng } from '../tensor/rng';
import { Dropout } from './Dropout';
import { ELU } from './ELU';
import { Flatten } from './Flatten';
import { GELU } from './GELU';
import { Identity } from './Identity';
import type { Layer } from './Layer';
import type { LayerConfig } from './LayerConfig';
import { LeakyReLU } from './LeakyReLU';
import { Linear } from './Linear';
import { LogSoftmax } from './LogSoftmax';
import { ReLU } from './ReLU';
import { Sigmoid } from './Sigmoid';
import { Softmax } from './Softmax';
import { Softplus } from './Softplus';
import { Tanh } from './Tanh';

/** Layer type names, for validation messages and "did you mean" suggestions. */
export const LAYER_TYPES = [
  // dense
  'Linear',
  // activations
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Sigmoid',
  'Tanh',
  'Softplus',
  'GELU',
  'Identity',
  'Softmax',
  'LogSoftmax',
  // regularisation and reshaping
  'Dropout',
  'Flatten',
] as const satisfies readonly LayerConfig['type'][];

/**
 * The one place a config becomes a layer. The switch is checked for completeness by the compiler:
 * a new layer type fails to compile until it is handled here. Configs are trusted here (the
 * constructors still check their own arguments); untrusted JSON is validated before it arrives.
 * `rng` seeds weight initialisation and is the generator Dropout draws its masks from.
 */
export function buildLayer(config: LayerConfig, rng?: Rng): Layer {
  switch (config.type) {
    // dense
    case 'Linear':
      return new Linear(config.inputSize, config.outputSize, { bias: config.bias, init: config.init, rng });
    // activations
    case 'ReLU':
      return new ReLU();
    case 'LeakyReLU':
      return new LeakyReLU(config.slope);
    case 'ELU':
      return new ELU(config.alpha);
    case 'Sigmoid':
      return new Sigmoid();
    case 'Tanh':
      return new Tanh();
    case 'Softplus':
      return new Softplus();
    case 'GELU':
      return new GELU();
    case 'Identity':
      return new Identity();
    case 'Softmax':
      return new Softmax();
    case 'LogSoftmax':
      return new LogSoftmax();
    // regularisation and reshaping
    case 'Dropout':
      return new Dropout(config.p, { rng });
    case 'Flatten':
      return new Flatten();
    default:
      return assertNever(config, 'buildLayer');
  }
}
