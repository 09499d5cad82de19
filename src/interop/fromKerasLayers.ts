import { DataError, KubikiError, formatShape } from '../errors';
import { buildLayer } from '../layers/buildLayer';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import { activationLayer } from './kerasActivations';
import { describe, flipMomentum, type KerasLayerJson, type KerasSequential } from './kerasJson';
import {
  allOnes, any, checkDataFormat, checkOptions, equals, expectImageShape, isNullish, numberOption, pairOption, positive,
  sameJson, singleAxis, symmetricPadding, usesChannelsLast, type Accepts, type ChannelsLast,
} from './kerasOptions';
import type { KerasWeightSource } from './kerasWeightSource';
import { layerTensor, setLayerTensor } from './layerWeights';
import { FROM_KERAS_KERNEL, permute } from './permute';
import { recurrentFromKeras } from './kerasRecurrent';
import type { Bidirectional } from '../layers/Bidirectional';

/*
 * A Keras Sequential config → kubiki layers, one Keras layer at a time, tracking the sample shape
 * so Dense knows its input size. Settings that change what the network computes and that kubiki
 * cannot reproduce are errors naming the layer and the setting; training-only settings
 * (initializers, regularizers, constraints, trainable) are not carried over.
 */

/**
 * Converts the layers of `model`; `where` names the caller ("importTfjs: model.json"). Returns the
 * kubiki layers and their input shape (one sample), and for a transposed channels_last model the
 * Keras input shape it came from.
 */
export function fromKerasLayers(model: KerasSequential, weights: KerasWeightSource, where: string, channelsLast: ChannelsLast = 'error'): {
  layers: Layer[];
  inputShape: Shape;
  kerasInputShape?: Shape;
} {
  if (model.inputShape === undefined) {
    throw new DataError(
      `${where}: expected the first layer to state its input shape (batch_input_shape, batch_shape or an InputLayer), found none`,
    );
  }
  // An NHWC model, when asked to, becomes the NCHW network computing the same function.
  const nhwc = channelsLast === 'transpose' && usesChannelsLast(model.layers);
  if (nhwc && model.inputShape.length !== 3) {
    throw new DataError(`${where}: expected a channels_last model to take images [batch, H, W, C], got one sample of shape ${formatShape(model.inputShape)}`);
  }
  const inputShape: Shape = nhwc ? toChannelsFirst(model.inputShape) : model.inputShape;
  const { layers } = convertKerasChain(model.layers, inputShape, nhwc, weights, (index, keras, name) => `${where} layers[${index}] (${keras.class_name} "${name}")`);
  weights.finish();
  return nhwc ? { layers, inputShape, kerasInputShape: model.inputShape } : { layers, inputShape };
}

/** [H, W, C] → [C, H, W]; any other rank is returned as is. */
export function toChannelsFirst(shape: Shape): Shape {
  if (shape.length !== 3) return shape;
  const [height, width, depth] = shape as number[];
  return [depth as number, height as number, width as number];
}

/** Names a Keras layer in errors: its position in the caller's list, its class and name. */
export type LocateLayer = (index: number, keras: KerasLayerJson, name: string) => string;

/** A Keras layer's name, or layer_<index> when the config has none. */
export function kerasLayerName(keras: KerasLayerJson, index: number): string {
  return typeof keras.config.name === 'string' ? keras.config.name : `layer_${index}`;
}

/**
 * Converts a chain of Keras layers applied one after the other, starting from one sample of
 * kubiki shape `start` (already NCHW for a transposed channels_last model: `nhwc`). Returns the
 * kubiki layers, for each the index of the Keras layer it came from, and the output shape. Used
 * for a Sequential model and for each straight run of a functional graph. The caller checks the
 * weights are all used (`weights.finish()`).
 */
export function convertKerasChain(
  kerasLayers: readonly KerasLayerJson[],
  start: Shape,
  nhwc: boolean,
  weights: KerasWeightSource,
  locate: LocateLayer,
): { layers: Layer[]; origins: number[]; shape: Shape } {
  let shape: Shape = start;
  let current = 0;
  const origins: number[] = [];
  /** Throws for a layer that reads the channels_last layout itself (axes, reshapes), which cannot be transposed. */
  const expectLayoutFree = (at: string): void => {
    if (nhwc && shape.length > 1) {
      throw new DataError(`${at}: depends on the channels_last layout of ${formatShape(shape)} images, which kubiki cannot transpose; import the model channels_first`);
    }
  };
  /** The [C, …spatial] shape a channels_first Flatten put channels-last, for the Dense that follows. */
  let channelsLastRows: Shape | undefined;
  /** Zeros from a ZeroPadding2D, applied by the Conv2D that must follow it. */
  let pendingPadding: [number, number] | undefined;
  const layers: Layer[] = [];
  const add = (config: LayerConfig, at: string): Layer => {
    // Softmax runs over the last axis: the channels in Keras's NHWC, the width in kubiki's NCHW.
    if (config.type === 'Softmax' || config.type === 'LogSoftmax') expectLayoutFree(at);
    let layer: Layer;
    try {
      layer = buildLayer(config);
      shape = layer.outputShape([1, ...shape]).slice(1);
    } catch (error) {
      if (error instanceof KubikiError) throw new DataError(`${at}: ${error.message}`);
      throw error;
    }
    layers.push(layer);
    origins.push(current);
    return layer;
  };

  /** Copies Keras weight `layerName/weightName` (same layout as kubiki's `param`) into `layer`. */
  const load = (layer: Layer, param: string, layerName: string, weightName: string, at: string): void => {
    loadWeight(layer, param, weights.take(layerName, weightName, layerTensor(layer, param).shape), at);
  };
  /** Layers already consumed as part of a pattern (the Permute sandwich around BatchNormalization). */
  let skipThrough = -1;
  /** BatchNormalization over the channels of `shape` (checked by the caller) → BatchNorm1D/2D. */
  const batchNorm = (keras: KerasLayerJson, name: string, at: string): void => {
    const config = keras.config;
    checkOptions(keras, at, {
      axis: any, momentum: any, epsilon: any, center: any, scale: any, synchronized: equals(false),
      renorm: equals(false), renorm_clipping: isNullish, renorm_momentum: any, fused: any, virtual_batch_size: isNullish, adjustment: isNullish,
    });
    const momentum = flipMomentum(numberOption(config.momentum, 0.99, at, 'momentum'));
    const eps = numberOption(config.epsilon, 1e-3, at, 'epsilon');
    const channels = shape[0] as number;
    const norm = add(shape.length === 1 ? { type: 'BatchNorm1D', features: channels, momentum, eps } : { type: 'BatchNorm2D', channels, momentum, eps }, at);
    if (config.scale ?? true) load(norm, 'gamma', name, 'gamma', at);
    if (config.center ?? true) load(norm, 'beta', name, 'beta', at);
    load(norm, 'runningMean', name, 'moving_mean', at);
    load(norm, 'runningVar', name, 'moving_variance', at);
  };

  kerasLayers.forEach((keras, index) => {
    if (index <= skipThrough) return;
    current = index;
    const name = kerasLayerName(keras, index);
    const at = locate(index, keras, name);
    const config = keras.config;
    const check = (accepts: Accepts): void => checkOptions(keras, at, accepts);
    switch (keras.class_name) {
      case 'InputLayer':
        if (index !== 0) throw new DataError(`${at}: expected InputLayer only as the first layer`);
        check({ sparse: equals(false), ragged: equals(false), input_tensor: isNullish, optional: equals(false) });
        break;
      case 'Dense': {
        check({ units: any, activation: any, use_bias: any, lora_rank: isNullish, lora_alpha: any, quantization_config: isNullish });
        // Dense maps the last axis (every step of a sequence), as kubiki's Linear does.
        if (shape.length !== 1 && shape.length !== 2) {
          throw new DataError(
            `${at}: expected a [batch, features] or [batch, time, features] input, got one sample of shape ${formatShape(shape)}; ` +
              'add a Flatten before Dense for images',
          );
        }
        const units = config.units;
        const useBias = config.use_bias ?? true;
        if (typeof units !== 'number' || typeof useBias !== 'boolean') {
          throw new DataError(`${at}: expected integer units and boolean use_bias, got ${describe({ units, use_bias: useBias })}`);
        }
        const inputSize = shape[shape.length - 1] as number;
        const linear = add({ type: 'Linear', inputSize, outputSize: units, bias: useBias }, at);
        const kernel = weights.take(name, 'kernel', [inputSize, units]);
        if (kernel !== undefined && channelsLastRows !== undefined) {
          // Rows in [...spatial, C] order (a channels_first Flatten) → kubiki's [C, ...spatial].
          const [channels, ...spatial] = channelsLastRows;
          const rows = permute(kernel.data, [...spatial, channels as number, units], [spatial.length, ...spatial.map((_, k) => k), spatial.length + 1]);
          loadWeight(linear, 'weight', { shape: kernel.shape, data: rows.data }, at);
        } else {
          loadWeight(linear, 'weight', kernel, at);
        }
        channelsLastRows = undefined;
        if (useBias) load(linear, 'bias', name, 'bias', at);
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
      case 'PReLU': {
        check({ alpha_initializer: any, alpha_regularizer: any, alpha_constraint: any, shared_axes: any });
        // alpha has the sample's shape with 1 on each shared axis. kubiki shares one slope, or keeps
        // one per channel (axis 1) shared over the rest.
        const rank = shape.length + 1;
        const listed = config.shared_axes === null || config.shared_axes === undefined ? [] : Array.isArray(config.shared_axes) ? config.shared_axes : [config.shared_axes];
        const shared = new Set(listed.map((a) => (typeof a === 'number' && a < 0 ? a + rank : a)));
        const axes = shape.map((_, k) => k + 1);
        const perChannel = !shared.has(1) && axes.slice(1).every((a) => shared.has(a));
        if (!perChannel && !axes.every((a) => shared.has(a))) {
          throw new DataError(
            `${at}: expected shared_axes to share every axis, or every axis but the channels (axis 1), got ${describe(config.shared_axes ?? null)} ` +
              `on one sample of shape ${formatShape(shape)}; kubiki's PReLU has one slope or one per channel`,
          );
        }
        if (perChannel && shape.length > 1) expectLayoutFree(at);
        const numParameters = perChannel ? (shape[0] as number) : 1;
        const prelu = add({ type: 'PReLU', numParameters }, at);
        const alpha = weights.take(name, 'alpha', shape.map((d, k) => (shared.has(k + 1) ? 1 : d)));
        if (alpha !== undefined) loadWeight(prelu, 'weight', { shape: [numParameters], data: alpha.data }, at);
        break;
      }
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
      case 'Flatten': {
        check({ data_format: (v) => isNullish(v) || v === 'channels_last' || (v === 'channels_first' && !nhwc) });
        // Keras flattens H·W·C values when the channels are last (a channels_first Flatten moves them
        // there first). kubiki flattens C·H·W, so the Dense that must follow gets its kernel rows
        // reordered to match.
        if ((nhwc || config.data_format === 'channels_first') && shape.length > 1) {
          if (kerasLayers[index + 1]?.class_name !== 'Dense') {
            throw new DataError(`${at}: expected a Dense after a channels_first Flatten of ${formatShape(shape)}, got ${kerasLayers[index + 1]?.class_name ?? 'nothing'}`);
          }
          channelsLastRows = shape;
        }
        add({ type: 'Flatten' }, at);
        break;
      }
      case 'ZeroPadding2D': {
        check({ padding: any, data_format: any });
        checkDataFormat(config.data_format, nhwc, at);
        const next = kerasLayers[index + 1];
        if (next?.class_name !== 'Conv2D' || (next.config.padding ?? 'valid') !== 'valid') {
          throw new DataError(`${at}: expected a Conv2D with padding "valid" next (kubiki pads inside Conv2D), got ${next?.class_name ?? 'nothing'}`);
        }
        pendingPadding = symmetricPadding(config.padding, at);
        break;
      }
      case 'Conv2D': {
        check({
          filters: any, kernel_size: any, strides: any, padding: any, data_format: any, activation: any, use_bias: any,
          dilation_rate: allOnes, groups: equals(1), lora_rank: isNullish, lora_alpha: any,
        });
        checkDataFormat(config.data_format, nhwc, at);
        expectImageShape(shape, at);
        const padding = config.padding ?? 'valid';
        if (padding !== 'valid' && padding !== 'same') throw new DataError(`${at}: expected padding "valid" or "same", got ${describe(padding)}`);
        const useBias = config.use_bias ?? true;
        const conv = add({
          type: 'Conv2D',
          inChannels: shape[0] as number,
          outChannels: positive(config.filters, at, 'filters'),
          kernelSize: pairOption(config.kernel_size, undefined, at, 'kernel_size'),
          stride: pairOption(config.strides, 1, at, 'strides'),
          padding: padding === 'same' ? 'same' : (pendingPadding ?? 0),
          bias: useBias === true,
        }, at);
        pendingPadding = undefined;
        const [outChannels, inChannels, kernelH, kernelW] = layerTensor(conv, 'weight').shape as number[];
        const kernel = weights.take(name, 'kernel', [kernelH as number, kernelW as number, inChannels as number, outChannels as number]);
        if (kernel !== undefined) {
          if (kernel.shape.length !== 4) throw new DataError(`${at}: expected a 4-D kernel [kh, kw, in, out], got ${formatShape(kernel.shape)}`);
          loadWeight(conv, 'weight', permute(kernel.data, kernel.shape, FROM_KERAS_KERNEL), at);
        }
        if (useBias === true) load(conv, 'bias', name, 'bias', at);
        const activation = activationLayer(config.activation, at);
        if (activation !== null) add(activation, at);
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        check({ pool_size: any, strides: any, padding: equals('valid'), data_format: any });
        checkDataFormat(config.data_format, nhwc, at);
        expectImageShape(shape, at);
        const kernelSize = pairOption(config.pool_size, 2, at, 'pool_size');
        const stride = pairOption(config.strides, kernelSize, at, 'strides');
        add({ type: keras.class_name === 'MaxPooling2D' ? 'MaxPool2D' : 'AvgPool2D', kernelSize, stride }, at);
        break;
      }
      case 'GlobalAveragePooling2D':
        check({ data_format: any, keepdims: equals(false) });
        checkDataFormat(config.data_format, nhwc, at);
        expectImageShape(shape, at);
        add({ type: 'GlobalAvgPool2D' }, at);
        break;
      case 'GlobalAveragePooling1D':
      case 'GlobalMaxPooling1D':
        check({ data_format: any, keepdims: equals(false) });
        if (config.data_format === 'channels_first' || shape.length !== 2) {
          throw new DataError(
            `${at}: expected channels_last steps [batch, steps, features], got data_format ${describe(config.data_format)} ` +
              `and one sample of shape ${formatShape(shape)}`,
          );
        }
        add({ type: keras.class_name === 'GlobalMaxPooling1D' ? 'GlobalMaxPool1D' : 'GlobalAvgPool1D' }, at);
        break;
      case 'BatchNormalization': {
        const axis = singleAxis(config.axis, -1, shape.length + 1, at);
        const channelAxis = nhwc && shape.length === 3 ? 3 : 1;
        if (axis !== channelAxis || (shape.length !== 1 && shape.length !== 3)) {
          throw new DataError(
            `${at}: expected axis to be the channel axis ${channelAxis} of a [batch, features] or ${nhwc ? '[batch, H, W, C]' : '[batch, C, H, W]'} ` +
              `input, got axis ${describe(config.axis)} on one sample of shape ${formatShape(shape)}`,
          );
        }
        batchNorm(keras, name, at);
        break;
      }
      case 'Permute': {
        expectLayoutFree(at);
        // exportTfjs writes BatchNorm2D as Permute → BatchNormalization(axis 3) → Permute, because
        // TF.js's CPU kernel normalises only the last axis correctly.
        const norm = kerasLayers[index + 1];
        const back = kerasLayers[index + 2];
        const sandwich =
          sameJson(config.dims, [2, 3, 1]) && shape.length === 3 && norm?.class_name === 'BatchNormalization' &&
          singleAxis(norm.config.axis, -1, 4, at) === 3 && back?.class_name === 'Permute' && sameJson(back.config.dims, [3, 1, 2]);
        if (!sandwich || norm === undefined) {
          throw new DataError(
            `${at}: Permute is imported only as Permute([2, 3, 1]) → BatchNormalization(axis=-1) → Permute([3, 1, 2]) on images, ` +
              'the channels-last BatchNorm that exportTfjs writes',
          );
        }
        const normName = kerasLayerName(norm, index + 1);
        current = index + 1; // the BatchNorm2D comes from the BatchNormalization between the Permutes
        batchNorm(norm, normName, locate(index + 1, norm, normName));
        skipThrough = index + 2;
        break;
      }
      case 'LayerNormalization': {
        expectLayoutFree(at);
        check({ axis: any, epsilon: any, center: any, scale: any, rms_scaling: equals(false) });
        const rank = shape.length + 1;
        const axes = (Array.isArray(config.axis) ? config.axis : [config.axis ?? -1]).map((a) => (typeof a === 'number' && a < 0 ? a + rank : a));
        const trailing = axes.length > 0 && [...axes].sort().every((a, k) => a === rank - axes.length + k);
        if (!trailing) {
          throw new DataError(`${at}: expected axis to be the last axes of the input, got ${describe(config.axis)}; kubiki's LayerNorm normalises trailing dimensions`);
        }
        const norm = add({ type: 'LayerNorm', normalizedShape: shape.slice(shape.length - axes.length), eps: numberOption(config.epsilon, 1e-3, at, 'epsilon') }, at);
        if (config.scale ?? true) load(norm, 'gamma', name, 'gamma', at);
        if (config.center ?? true) load(norm, 'beta', name, 'beta', at);
        break;
      }
      case 'Reshape': {
        expectLayoutFree(at);
        check({ target_shape: any });
        const target = config.target_shape;
        if (!Array.isArray(target) || !target.every((d) => typeof d === 'number')) {
          throw new DataError(`${at}: expected target_shape to be a list of integers, got ${describe(target)}`);
        }
        add({ type: 'Reshape', shape: target as number[] }, at);
        break;
      }
      case 'Embedding': {
        check({ output_dim: any, mask_zero: (v) => isNullish(v) || v === false, input_length: any, embeddings_initializer: any, embeddings_regularizer: any, embeddings_constraint: any, sparse: equals(false) });
        const numEmbeddings = positive(config.input_dim, at, 'input_dim');
        const embedding = add({ type: 'Embedding', numEmbeddings, embeddingDim: positive(config.output_dim, at, 'output_dim') }, at);
        load(embedding, 'weight', name, 'embeddings', at);
        break;
      }
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU': {
        const recurrent = recurrentFromKeras(keras, shape, at);
        const layer = add(recurrent.config, at);
        recurrent.load(
          (weightName, weightShape) => weights.take(name, weightName, weightShape),
          (param, weightShape, data) => setLayerTensor(layer, param, weightShape, data, at),
        );
        break;
      }
      case 'Bidirectional': {
        check({ layer: any, merge_mode: (v) => v === undefined || v === 'concat' || v === 'sum', backward_layer: isNullish });
        const inner = config.layer as KerasLayerJson | undefined;
        if (inner === undefined || !['SimpleRNN', 'LSTM', 'GRU'].includes(inner?.class_name)) {
          throw new DataError(`${at}: expected a SimpleRNN, LSTM or GRU to wrap, got ${describe(inner?.class_name)}`);
        }
        const innerName = typeof inner.config.name === 'string' ? inner.config.name : 'rnn';
        const recurrent = recurrentFromKeras(inner, shape, `${at} layer`);
        const merge = config.merge_mode === 'sum' ? 'sum' : 'concat';
        const layer = add({ type: 'Bidirectional', layer: recurrent.config, merge }, at) as Bidirectional;
        for (const [direction, copy] of [['forward', layer.forwardLayer], ['backward', layer.backwardLayer]] as const) {
          recurrent.load(
            (weightName, weightShape) => weights.take(name, `${direction}_${innerName}/${weightName}`, weightShape),
            (param, weightShape, data) => setLayerTensor(copy, param, weightShape, data, at),
          );
        }
        break;
      }
      default:
        throw new DataError(
          `${at}: layer class ${JSON.stringify(keras.class_name)} is not supported; kubiki imports ` +
            'InputLayer, Dense, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, Dropout, Flatten, Conv2D, ZeroPadding2D, ' +
            'MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, ' +
            'BatchNormalization, LayerNormalization, Reshape, Embedding, SimpleRNN, LSTM, GRU and Bidirectional',
        );
    }
  });
  return { layers, origins, shape };
}

/** Copies a Keras weight (in kubiki's layout by now) into the layer. */
function loadWeight(layer: Layer, param: string, weight: { shape: Shape; data: ArrayLike<number> } | undefined, at: string): void {
  if (weight !== undefined) setLayerTensor(layer, param, weight.shape, weight.data, at);
}
