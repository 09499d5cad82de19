import { ConfigError } from '../errors';
import type { Sequential } from '../model/Sequential';
import type { Shape } from '../tensor/Tensor';

/**
 * The shape of one input sample (no batch dimension) that exported formats declare. In order:
 * the caller's `inputShape` option; `model.metadata.inputShape` (set by the importers and the CLI);
 * or, when the first layer that fixes a size is a Linear, `[inputSize]`. Convolutional models
 * need one of the first two, since Conv2D fixes only the channel count.
 */
export function resolveInputShape(model: Sequential, option: Shape | undefined, where: string): Shape {
  const stated = option ?? model.metadata.inputShape;
  if (stated !== undefined) {
    if (!Array.isArray(stated) || stated.length === 0 || !stated.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ConfigError(
        `${where}: expected inputShape to be the shape of one sample without the batch, e.g. [4] or [1, 28, 28], got ${JSON.stringify(stated)}`,
      );
    }
    return stated as number[];
  }
  for (const layer of model.layers) {
    const config = layer.toConfig();
    if (config.type === 'Linear') return [config.inputSize];
    // Any layer other than an elementwise one may change the shape before the first Linear.
    if (!SHAPE_PRESERVING.has(config.type)) break;
  }
  throw new ConfigError(
    `${where}: cannot tell the model's input shape (it does not start with a Linear); ` +
      'pass { inputShape: [...] } (one sample, without the batch) or set model.metadata.inputShape',
  );
}

const SHAPE_PRESERVING: ReadonlySet<string> = new Set([
  'ReLU', 'LeakyReLU', 'ELU', 'Sigmoid', 'Tanh', 'Softplus', 'GELU', 'Identity', 'Dropout', 'Softmax', 'LogSoftmax',
]);
