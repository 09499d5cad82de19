import { Concat } from '../containers/Concat';
import type { ChildConfig } from '../containers/childConfig';
import { Residual } from '../containers/Residual';
import { assertNever } from '../errors';
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
import type { Layer } from './Layer';
import type { LayerConfig } from './LayerConfig';
import { LayerNorm } from './LayerNorm';
import { LeakyReLU } from './LeakyReLU';
import { Linear } from './Linear';
import { LogSoftmax } from './LogSoftmax';
import { MaxPool2D } from './MaxPool2D';
import { ReLU } from './ReLU';
import { Reshape } from './Reshape';
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
  'Reshape',
  // convolutional
  'Conv2D',
  'MaxPool2D',
  'AvgPool2D',
  'GlobalAvgPool2D',
  // normalisation
  'BatchNorm1D',
  'BatchNorm2D',
  'LayerNorm',
  // containers
  'Sequential',
  'Residual',
  'Concat',
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
    case 'Reshape':
      return new Reshape(config.shape);
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
    // containers
    case 'Sequential':
      return new Sequential(config.layers.map((child) => buildLayer(child, rng)));
    case 'Residual':
      return new Residual(buildChild(config.block, rng), {
        shortcut: config.shortcut === undefined ? undefined : buildChild(config.shortcut, rng),
      });
    case 'Concat':
      return new Concat(config.branches.map((branch) => buildChild(branch, rng)), { axis: config.axis });
    default:
      return assertNever(config, 'buildLayer');
  }
}

/** A container's child: one layer, or an array of layers for a Sequential of them. */
function buildChild(config: ChildConfig, rng?: Rng): Layer {
  return Array.isArray(config)
    ? new Sequential((config as readonly LayerConfig[]).map((child) => buildLayer(child, rng)))
    : buildLayer(config as LayerConfig, rng);
}
