import { ConfigError, DataError, formatShape } from '../errors';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import { describe, type Json, type JsonObject, type KerasLayerJson } from './kerasJson';
import { any, checkOptions, equals, positive } from './kerasOptions';
import { layerTensor } from './layerWeights';
import { reorderGates } from './permute';

/*
 * Keras/TF.js ↔ kubiki for the recurrent layers. Both keep X·W orientation (kernel [in, G·units],
 * recurrent_kernel [units, G·units]); only the gate order differs, for GRU:
 *   LSTM       kubiki/PyTorch i, f, g, o  =  Keras i, f, c, o
 *   GRU        kubiki/PyTorch r, z, n     ↔  Keras z, r, h     (blocks [1, 0, 2] both ways)
 *   SimpleRNN  one block
 * Keras's GRU(reset_after=True) is PyTorch's GRU: bias [2, 3·units] = [input bias; recurrent bias],
 * kubiki's bias and recurrentBias. reset_after=False (TF.js 4.22's only GRU) is kubiki's
 * GRU({ resetAfter: false }) with one bias [3·units].
 */

export type RecurrentType = 'SimpleRNN' | 'LSTM' | 'GRU';

/** The fields of a recurrent layer's config the converters read. */
export interface RecurrentConfig {
  readonly type: RecurrentType;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly returnSequences?: boolean;
  readonly activation?: string;
  readonly resetAfter?: boolean;
}

const GATE_ORDER: Readonly<Record<RecurrentType, readonly number[]>> = { SimpleRNN: [0], LSTM: [0, 1, 2, 3], GRU: [1, 0, 2] };

export function isRecurrent(config: { readonly type: string }): config is RecurrentConfig {
  return config.type === 'SimpleRNN' || config.type === 'LSTM' || config.type === 'GRU';
}

/** A Keras weight in Keras's layout: `weightName` under the layer's name. */
export interface KerasWeight {
  readonly weightName: string;
  readonly shape: Shape;
  readonly data: Float32Array;
}

/** The Keras config of a kubiki recurrent layer (the keys TF.js writes; TF.js's gate default is hard_sigmoid, so it is explicit). */
export function kerasRecurrentConfig(config: RecurrentConfig): JsonObject {
  const common: JsonObject = {
    units: config.hiddenSize,
    activation: config.activation ?? 'tanh',
    use_bias: true,
    return_sequences: config.returnSequences ?? false,
    return_state: false,
    go_backwards: false,
    stateful: false,
    unroll: false,
    dropout: 0,
    recurrent_dropout: 0,
  };
  if (config.type === 'SimpleRNN') return common;
  if (config.type === 'LSTM') return { ...common, recurrent_activation: 'sigmoid', unit_forget_bias: true };
  return { ...common, recurrent_activation: 'sigmoid', reset_after: config.resetAfter ?? true };
}

/** kernel, recurrent_kernel, bias in Keras's gate order and layout. */
export function kerasRecurrentWeights(config: RecurrentConfig, layer: Layer): KerasWeight[] {
  const order = GATE_ORDER[config.type];
  const gates = (param: string) => {
    const t = layerTensor(layer, param);
    return reorderGates(t.data, t.shape, order);
  };
  const kernel = gates('kernel');
  const recurrent = gates('recurrentKernel');
  const bias = gates('bias');
  const weights: KerasWeight[] = [
    { weightName: 'kernel', ...kernel },
    { weightName: 'recurrent_kernel', ...recurrent },
  ];
  if (config.type === 'GRU' && (config.resetAfter ?? true)) {
    const recurrentBias = gates('recurrentBias');
    const both = new Float32Array(2 * bias.data.length);
    both.set(bias.data);
    both.set(recurrentBias.data, bias.data.length);
    weights.push({ weightName: 'bias', shape: [2, bias.data.length], data: both });
  } else {
    weights.push({ weightName: 'bias', ...bias });
  }
  return weights;
}

/** Refuses what TF.js 4.22 cannot load (GRU with reset_after=True). */
export function checkTfjsRecurrent(config: RecurrentConfig, where: string, at: string): void {
  if (config.type === 'GRU' && (config.resetAfter ?? true)) {
    throw new ConfigError(
      `${where}: ${at} (GRU) uses resetAfter: true (PyTorch's GRU, Keras's reset_after=True), which TF.js 4.22 cannot load ` +
        '("GRUCell does not support reset_after parameter set to true"); build the GRU with { resetAfter: false }, or export to ONNX',
    );
  }
}

/** Where an importer reads a Keras weight (already in Keras's layout) for a layer. */
export type TakeWeight = (weightName: string, shape: Shape) => { shape: Shape; data: ArrayLike<number> } | undefined;

/** Config options of a Keras recurrent layer kubiki reproduces (the rest is a DataError naming it). */
function recurrentAccepts(className: RecurrentType, activation: (v: Json | undefined) => boolean) {
  return {
    units: any, activation, use_bias: any, return_sequences: any, return_state: equals(false), go_backwards: equals(false),
    stateful: equals(false), unroll: any, dropout: any, recurrent_dropout: any, implementation: any, time_major: equals(false),
    zero_output_for_mask: any, recurrent_initializer: any, recurrent_regularizer: any, recurrent_constraint: any,
    ...(className === 'SimpleRNN' ? {} : { recurrent_activation: equals('sigmoid') }),
    ...(className === 'LSTM' ? { unit_forget_bias: any } : {}),
    ...(className === 'GRU' ? { reset_after: any } : {}),
  };
}

/**
 * The kubiki config of a Keras SimpleRNN/LSTM/GRU reading `inputShape` ([time, features]), and a
 * loader for its weights into the built layer. `at` names the layer in errors.
 */
export function recurrentFromKeras(keras: KerasLayerJson, inputShape: Shape, at: string): {
  config: LayerConfig;
  load(take: TakeWeight, set: (param: string, shape: Shape, data: ArrayLike<number>) => void): void;
} {
  const className = keras.class_name as RecurrentType;
  const c = keras.config;
  const isTanh = (v: Json | undefined) => v === undefined || v === 'tanh';
  checkOptions(keras, at, recurrentAccepts(className, className === 'SimpleRNN' ? (v) => isTanh(v) || v === 'relu' : isTanh));
  if (inputShape.length !== 2) {
    throw new DataError(`${at}: expected sequences [batch, time, features], got one sample of shape ${formatShape(inputShape)}`);
  }
  const units = positive(c.units, at, 'units');
  const inputSize = inputShape[1] as number;
  const resetAfter = className === 'GRU' ? c.reset_after ?? false : undefined;
  if (resetAfter !== undefined && typeof resetAfter !== 'boolean') throw new DataError(`${at}: expected reset_after to be true or false, got ${describe(resetAfter)}`);
  const config = {
    type: className,
    inputSize,
    hiddenSize: units,
    returnSequences: c.return_sequences === true,
    ...(className === 'SimpleRNN' ? { activation: (c.activation as string | undefined) ?? 'tanh' } : {}),
    ...(className === 'GRU' ? { resetAfter } : {}),
  } as unknown as LayerConfig;
  const order = GATE_ORDER[className];
  const width = order.length * units;
  return {
    config,
    load(take, set) {
      const gates = (param: string, weight: { shape: Shape; data: ArrayLike<number> } | undefined): void => {
        if (weight === undefined) return;
        const reordered = reorderGates(weight.data, weight.shape, order);
        set(param, reordered.shape, reordered.data);
      };
      gates('kernel', take('kernel', [inputSize, width]));
      gates('recurrentKernel', take('recurrent_kernel', [units, width]));
      if (c.use_bias === false) {
        // kubiki's recurrent layers always have biases: zeros compute Keras's bias-free layer.
        set('bias', [width], new Float32Array(width));
        if (resetAfter === true) set('recurrentBias', [width], new Float32Array(width));
        return;
      }
      const bias = take('bias', resetAfter === true ? [2, width] : [width]);
      if (bias === undefined) return;
      if (resetAfter === true) {
        if (bias.shape.length !== 2 || bias.shape[0] !== 2) {
          throw new DataError(`${at}: expected a reset_after bias of shape [2, ${width}], got ${formatShape(bias.shape)}`);
        }
        const data = Array.from(bias.data);
        gates('bias', { shape: [width], data: data.slice(0, width) });
        gates('recurrentBias', { shape: [width], data: data.slice(width) });
      } else {
        gates('bias', bias);
      }
    },
  };
}
