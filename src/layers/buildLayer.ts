import { assertNever } from '../errors';
import type { Rng } from '../tensor/rng';
import { AvgPool2D } from './AvgPool2D';
import { BatchNorm1D } from './BatchNorm1D';
import { BatchNorm2D } from './BatchNorm2D';
import { Conv2D } from './Conv2D';
import { GlobalAvgPool2D } from './GlobalAvgPool2D';
import type { Layer } from './Layer';
import type { LayerConfig } from './LayerConfig';
import { LayerNorm } from './LayerNorm';
import { Linear } from './Linear';
import { MaxPool2D } from './MaxPool2D';
import { ReLU } from './ReLU';
import { Reshape } from './Reshape';

/** Layer type names, for validation messages and "did you mean" suggestions. */
export const LAYER_TYPES = [
  'Linear',
  'ReLU',
  // convolutional
  'Conv2D',
  'MaxPool2D',
  'AvgPool2D',
  'GlobalAvgPool2D',
  // normalisation
  'BatchNorm1D',
  'BatchNorm2D',
  'LayerNorm',
  // reshaping
  'Reshape',
] as const satisfies readonly LayerConfig['type'][];

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
    // convolutional
    case 'Conv2D': {
      const { inChannels, outChannels, kernelSize, stride, padding, bias, init } = config;
      return new Conv2D(inChannels, outChannels, kernelSize, { stride, padding, bias, init, rng });
    }
    case 'MaxPool2D':
      return new MaxPool2D(config.kernelSize, config.stride);
    case 'AvgPool2D':
      return new AvgPool2D(config.kernelSize, config.stride);
    case 'GlobalAvgPool2D':
      return new GlobalAvgPool2D();
    // normalisation
    case 'BatchNorm1D':
      return new BatchNorm1D(config.features, { momentum: config.momentum, eps: config.eps });
    case 'BatchNorm2D':
      return new BatchNorm2D(config.channels, { momentum: config.momentum, eps: config.eps });
    case 'LayerNorm':
      return new LayerNorm(config.normalizedShape, { eps: config.eps });
    // reshaping
    case 'Reshape':
      return new Reshape(config.shape);
    default:
      return assertNever(config, 'buildLayer');
  }
}
