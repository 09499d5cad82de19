import { DataError, formatShape } from '../errors';
import type { Shape } from '../tensor/Tensor';
import { describe, type Json, type KerasLayerJson } from './kerasJson';

/*
 * Reading a Keras layer's config options: which keys the importer understands, which values it
 * can reproduce, and the typed readers that name the layer and the key when a value is wrong.
 */

/** Config keys that never change a trained network's predictions. */
const TRAINING_ONLY = new Set([
  'name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'input_shape', 'input_dim', 'seed',
  'kernel_initializer', 'bias_initializer', 'gamma_initializer', 'beta_initializer',
  'moving_mean_initializer', 'moving_variance_initializer',
  'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'gamma_regularizer', 'beta_regularizer',
  'kernel_constraint', 'bias_constraint', 'gamma_constraint', 'beta_constraint',
]);

/** Options checks: each handled key and whether a value is one kubiki reproduces. */
export type Accepts = Readonly<Record<string, (value: Json | undefined) => boolean>>;

export const isNullish = (v: Json | undefined): boolean => v === null || v === undefined;
export const equals = (expected: Json) => (v: Json | undefined): boolean => v === undefined || v === expected;
export const any = (): boolean => true;
export const allOnes = (v: Json | undefined): boolean => v === undefined || v === 1 || (Array.isArray(v) && v.every((d) => d === 1));
/**
 * How an import treats Keras images in channels_last (NHWC, Keras's default): 'error' refuses them;
 * 'transpose' builds the NCHW kubiki model that computes the same function on transposed inputs
 * (the input shape [H, W, C] becomes [C, H, W]; weights are reordered where the layout shows).
 */
export type ChannelsLast = 'error' | 'transpose';

/** Keras layers whose data_format says where the channels are. */
const IMAGE_LAYERS = new Set(['Conv2D', 'ZeroPadding2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D']);

/** True when an image layer is channels_last (explicitly or by Keras's default). */
export function usesChannelsLast(layers: readonly KerasLayerJson[]): boolean {
  return layers.some((l) => IMAGE_LAYERS.has(l.class_name) && (l.config.data_format ?? 'channels_last') === 'channels_last');
}

/** Throws unless an image layer's data_format matches the model's layout (missing = Keras's channels_last). */
export function checkDataFormat(value: Json | undefined, channelsLastModel: boolean, at: string): void {
  const format = value ?? 'channels_last';
  if (format === (channelsLastModel ? 'channels_last' : 'channels_first')) return;
  if (channelsLastModel) {
    throw new DataError(`${at}: data_format ${describe(format)} in a channels_last model: expected the same data_format in every image layer`);
  }
  throw new DataError(
    `${at}: data_format "channels_last"${value === undefined ? ' (the Keras default)' : ''}: kubiki is channels-first (NCHW); ` +
      'rebuild the model with data_format="channels_first" (the weights keep their layout), or import it with ' +
      "{ channelsLast: 'transpose' } to get an NCHW model that takes [batch, C, H, W] inputs",
  );
}

export function numberOption(value: Json | undefined, fallback: number, at: string, key: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number') throw new DataError(`${at}: expected ${key} to be a number, got ${describe(value)}`);
  return value;
}

/** Throws for a setting kubiki cannot reproduce, naming it. */
export function checkOptions(layer: KerasLayerJson, at: string, accepts: Accepts): void {
  for (const [key, value] of Object.entries(layer.config)) {
    if (TRAINING_ONLY.has(key)) continue;
    const accept = accepts[key];
    const ok = accept === undefined ? value === null : accept(value);
    if (!ok) throw new DataError(`${at}: option ${key}=${describe(value)} is not supported by kubiki's import`);
  }
}

export function expectImageShape(shape: Shape, at: string): void {
  if (shape.length !== 3) {
    throw new DataError(`${at}: expected images [batch, channels, height, width], got one sample of shape ${formatShape(shape)}`);
  }
}

export function positive(value: Json | undefined, at: string, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new DataError(`${at}: expected ${key} to be a positive integer, got ${describe(value)}`);
  }
  return value;
}

/** An int or [h, w] Keras option as a pair; `fallback` when absent or null. */
export function pairOption(value: Json | undefined, fallback: number | [number, number] | undefined, at: string, key: string): [number, number] {
  const v = value ?? fallback;
  if (typeof v === 'number') return [positive(v, at, key), v];
  if (Array.isArray(v) && v.length === 2) return [positive(v[0], at, key), positive(v[1], at, key)];
  throw new DataError(`${at}: expected ${key} to be an integer or a pair, got ${describe(value)}`);
}

/** ZeroPadding2D's padding (int, [h, w] or [[top, bottom], [left, right]]) when the same on both sides. */
export function symmetricPadding(value: Json | undefined, at: string): [number, number] {
  const v = value ?? 1;
  if (typeof v === 'number' || (Array.isArray(v) && v.every((d) => typeof d === 'number'))) return pairOption(v, undefined, at, 'padding');
  if (Array.isArray(v) && v.length === 2 && v.every((p) => Array.isArray(p) && p.length === 2 && p[0] === p[1])) {
    return [(v[0] as number[])[0] as number, (v[1] as number[])[0] as number];
  }
  throw new DataError(`${at}: expected the same padding on both sides of each axis, got ${describe(value)}; kubiki's Conv2D pads symmetrically`);
}

export function sameJson(a: Json | undefined, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A BatchNormalization axis (int or [int]) as a non-negative axis of a rank-`rank` tensor. */
export function singleAxis(value: Json | undefined, fallback: number, rank: number, at: string): number {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : (value ?? fallback);
  if (typeof v !== 'number') throw new DataError(`${at}: expected axis to be one integer, got ${describe(value)}`);
  return v < 0 ? v + rank : v;
}
