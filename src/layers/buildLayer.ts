import { assertNever } from '../errors';
import type { Rng } from '../tensor/rng';
import type { Layer } from './Layer';
import type { LayerConfig } from './LayerConfig';
import { Linear } from './Linear';
import { ReLU } from './ReLU';

/** Layer type names, for validation messages and "did you mean" suggestions. */
export const LAYER_TYPES = ['Linear', 'ReLU'] as const satisfies readonly LayerConfig['type'][];

/**
 * The one place a config becomes a layer. The switch is checked for completeness by the compiler:
 * a new layer type fails to compile until it is handled here. Configs are trusted here (the
 * constructors still check their own arguments); untrusted JSON is validated before it arrives.
 */
export function buildLayer(config: LayerConfig, rng?: Rng): Layer {
  switch (config.type) {
    case 'Linear':
      return new Linear(config.inputSize, config.outputSize, { bias: config.bias, init: config.init, rng });
    case 'ReLU':
      return new ReLU();
    default:
      return assertNever(config, 'buildLayer');
  }
}
