import { ConfigError } from '../errors';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import { flipMomentum, type JsonObject, type KerasLayerJson } from './kerasJson';
import { layerTensor } from './layerWeights';
import { permute, TO_KERAS_KERNEL } from './permute';
import { isRecurrent, kerasRecurrentConfig, kerasRecurrentWeights } from './kerasRecurrent';
import type { Bidirectional } from '../layers/Bidirectional';
import type { NamedWeight } from './weightsBinary';

/*
 * kubiki layers → a Keras Sequential config (snake_case, as Keras and TF.js write it) and the
 * weights in Keras layout, in the order TF.js's weightsManifest lists them.
 */

export interface KerasExport {
  /** `{ class_name: 'Sequential', config: { name, layers } }` */
  readonly model: KerasLayerJson;
  readonly weights: readonly NamedWeight[];
}

/**
 * The Keras activation string for an activation layer, or undefined when it has none. GELU has
 * none that loads: Keras's and TF.js's 'gelu' is the exact erf form, kubiki's the tanh form, and
 * TF.js 4.22 cannot deserialize its tanh form 'gelu_new'.
 */
function kerasActivation(config: LayerConfig): string | undefined {
  switch (config.type) {
    case 'ReLU':
      return 'relu';
    case 'Sigmoid':
      return 'sigmoid';
    case 'Tanh':
      return 'tanh';
    case 'Softmax':
      return 'softmax';
    case 'LogSoftmax':
      return 'log_softmax';
    case 'Softplus':
      return 'softplus';
    case 'ELU':
      return (config.alpha ?? 1) === 1 ? 'elu' : undefined;
    default:
      return undefined;
  }
}

function pair(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/**
 * Converts `layers` (their configs and weights) to Keras. `inputShape` is one sample's shape without
 * the batch; it becomes `batch_input_shape: [null, ...inputShape]` on the first layer. A Linear
 * or Conv2D followed by an activation layer becomes one Dense/Conv2D with that `activation`.
 * Images stay NCHW: convolution, pooling and BatchNormalization are written with
 * data_format "channels_first" (axis 1), Conv2D kernels transposed to Keras's [kh, kw, in, out].
 * `where` names the caller in errors.
 */
export function toKerasLayers(layers: readonly Layer[], inputShape: Shape, where: string): KerasExport {
  const kerasLayers: KerasLayerJson[] = [];
  const weights: NamedWeight[] = [];
  const counts = new Map<string, number>();
  const uniqueName = (className: string): string => {
    // Keras's own naming (to_snake_case): Conv2D → conv2d, BatchNormalization → batch_normalization.
    const base = className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return `${base}_${n}`;
  };
  const push = (className: string, config: JsonObject): string => {
    const name = uniqueName(className);
    const layerConfig: JsonObject = { name, trainable: true, dtype: 'float32' };
    if (kerasLayers.length === 0) layerConfig.batch_input_shape = [null, ...inputShape];
    kerasLayers.push({ class_name: className, config: { ...layerConfig, ...config } });
    return name;
  };
  const addWeight = (layerName: string, weightName: string, layer: Layer, param: string, perm?: readonly number[]): void => {
    const tensor = layerTensor(layer, param);
    const stored = perm === undefined ? tensor : permute(tensor.data, tensor.shape, perm);
    weights.push({ name: `${layerName}/${weightName}`, shape: stored.shape, data: stored.data });
  };
  /** The activation of layer i + 1 when it can fold into layer i's Dense/Conv2D (the loop then skips it). */
  const foldActivation = (i: number): string | undefined => {
    const next = layers[i + 1]?.toConfig();
    return next === undefined ? undefined : kerasActivation(next);
  };
  // The shape reaching each layer (batch 1): LayerNormalization names its axes by position.
  let shape: Shape = [1, ...inputShape];

  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const config = layer.toConfig();
    const folds = (config.type === 'Linear' || config.type === 'Conv2D') && foldActivation(i) !== undefined;
    switch (config.type) {
      case 'Linear': {
        const activation = foldActivation(i);
        const name = push('Dense', {
          units: config.outputSize,
          activation: activation ?? 'linear',
          use_bias: config.bias ?? true,
        });
        addWeight(name, 'kernel', layer, 'weight');
        if (config.bias ?? true) addWeight(name, 'bias', layer, 'bias');
        break;
      }
      case 'Conv2D': {
        // Keras pads only 'valid' or 'same'; explicit zeros become a ZeroPadding2D in front.
        const padding = config.padding ?? 0;
        const [padH, padW] = padding === 'same' ? [0, 0] : pair(padding);
        if (padH > 0 || padW > 0) {
          push('ZeroPadding2D', { padding: [[padH, padH], [padW, padW]], data_format: 'channels_first' });
        }
        const activation = foldActivation(i);
        const name = push('Conv2D', {
          filters: config.outChannels,
          kernel_size: pair(config.kernelSize),
          strides: pair(config.stride ?? 1),
          padding: padding === 'same' ? 'same' : 'valid',
          data_format: 'channels_first',
          dilation_rate: [1, 1],
          activation: activation ?? 'linear',
          use_bias: config.bias ?? true,
        });
        addWeight(name, 'kernel', layer, 'weight', TO_KERAS_KERNEL);
        if (config.bias ?? true) addWeight(name, 'bias', layer, 'bias');
        break;
      }
      case 'MaxPool2D':
      case 'AvgPool2D':
        push(config.type === 'MaxPool2D' ? 'MaxPooling2D' : 'AveragePooling2D', {
          pool_size: pair(config.kernelSize),
          strides: pair(config.stride ?? config.kernelSize),
          padding: 'valid',
          data_format: 'channels_first',
        });
        break;
      case 'GlobalAvgPool2D':
        push('GlobalAveragePooling2D', { data_format: 'channels_first' });
        break;
      case 'BatchNorm1D':
      case 'BatchNorm2D': {
        // On images the channels go last around the normalisation: TF.js's CPU kernel broadcasts
        // the statistics over the last axis only, so BatchNormalization(axis=1) computes garbage there.
        const image = config.type === 'BatchNorm2D';
        if (image) push('Permute', { dims: [2, 3, 1] });
        const name = push('BatchNormalization', {
          axis: image ? 3 : 1,
          momentum: flipMomentum(config.momentum ?? 0.1),
          epsilon: config.eps ?? 1e-5,
          center: true,
          scale: true,
        });
        addWeight(name, 'gamma', layer, 'gamma');
        addWeight(name, 'beta', layer, 'beta');
        addWeight(name, 'moving_mean', layer, 'runningMean');
        addWeight(name, 'moving_variance', layer, 'runningVar');
        if (image) push('Permute', { dims: [3, 1, 2] });
        break;
      }
      case 'LayerNorm': {
        const rank = typeof config.normalizedShape === 'number' ? 1 : config.normalizedShape.length;
        const axes = Array.from({ length: rank }, (_, k) => shape.length - rank + k);
        const name = push('LayerNormalization', {
          axis: axes.length === 1 ? (axes[0] as number) : axes,
          epsilon: config.eps ?? 1e-5,
          center: true,
          scale: true,
        });
        addWeight(name, 'gamma', layer, 'gamma');
        addWeight(name, 'beta', layer, 'beta');
        break;
      }
      case 'Reshape':
        push('Reshape', { target_shape: [...config.shape] });
        break;
      case 'LeakyReLU':
        push('LeakyReLU', { alpha: config.slope ?? 0.01 });
        break;
      case 'ELU':
        if ((config.alpha ?? 1) === 1) push('Activation', { activation: 'elu' });
        else push('ELU', { alpha: config.alpha ?? 1 });
        break;
      case 'Identity':
        push('Activation', { activation: 'linear' });
        break;
      case 'Dropout':
        push('Dropout', { rate: config.p });
        break;
      case 'Flatten':
        // channels_last means "no transpose before flattening": kubiki flattens row-major.
        push('Flatten', { data_format: 'channels_last' });
        break;
      case 'Embedding': {
        // Keras's mask_zero would change what the layers after it compute; paddingIdx does not.
        const name = push('Embedding', { input_dim: config.numEmbeddings, output_dim: config.embeddingDim, mask_zero: false });
        addWeight(name, 'embeddings', layer, 'weight');
        break;
      }
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU': {
        const name = push(config.type, kerasRecurrentConfig(config));
        for (const w of kerasRecurrentWeights(config, layer)) weights.push({ name: `${name}/${w.weightName}`, shape: w.shape, data: w.data });
        break;
      }
      case 'Bidirectional': {
        // Keras names the copies forward_<inner> and backward_<inner>; their weights live under the wrapper.
        const inner = config.layer;
        if (!isRecurrent(inner)) throw new ConfigError(`${where}: layers[${i}] (Bidirectional) wraps ${inner.type}, which has no Keras equivalent`);
        const innerName = uniqueName(inner.type);
        const name = push('Bidirectional', {
          layer: { class_name: inner.type, config: { name: innerName, trainable: true, dtype: 'float32', ...kerasRecurrentConfig(inner) } },
          merge_mode: config.merge ?? 'concat',
        });
        const bidirectional = layer as Bidirectional;
        for (const [direction, copy] of [['forward', bidirectional.forwardLayer], ['backward', bidirectional.backwardLayer]] as const) {
          for (const w of kerasRecurrentWeights(inner, copy)) {
            weights.push({ name: `${name}/${direction}_${innerName}/${w.weightName}`, shape: w.shape, data: w.data });
          }
        }
        break;
      }
      default: {
        const activation = kerasActivation(config);
        if (activation === undefined) {
          throw new ConfigError(
            `${where}: layers[${i}] (${config.type}) has no Keras/TF.js layers equivalent` +
              (config.type === 'GELU'
                ? " (Keras's 'gelu' is the exact erf form, kubiki's GELU the tanh form); export to ONNX instead"
                : '; export to ONNX instead, or replace the layer'),
          );
        }
        push('Activation', { activation });
      }
    }
    shape = layer.outputShape(shape);
    if (folds) {
      i++;
      shape = (layers[i] as Layer).outputShape(shape);
    }
  }
  return {
    model: { class_name: 'Sequential', config: { name: 'sequential', layers: kerasLayers as unknown as JsonObject[] } },
    weights,
  };
}
