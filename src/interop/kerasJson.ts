import { DataError } from '../errors';
import type { Shape } from '../tensor/Tensor';
import { describe, isObject as isPlainObject } from '../util/describe';

/*
 * The Keras serialization format, as far as kubiki reads and writes it. Keras 2 and TF.js write
 * `{ class_name, config }`; Keras 3 adds `module` and `registered_name` around every object and
 * spells the input shape `batch_shape` instead of `batch_input_shape`.
 */

/** A JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One serialized Keras layer (or model, initializer, activation: every Keras object looks like this). */
export interface KerasLayerJson {
  class_name: string;
  config: JsonObject;
  module?: string;
  registered_name?: string | null;
}

/** A Sequential model's layers and, when the document states it, its input shape without the batch. */
export interface KerasSequential {
  readonly layers: readonly KerasLayerJson[];
  readonly inputShape: Shape | undefined;
}

export const isObject = isPlainObject as (value: unknown) => value is JsonObject;

/**
 * Reads a Keras model document: a `Sequential` object (Keras 2 and 3, TF.js `modelTopology`), or the
 * Keras converter's wrapper `{ keras_version, backend, model_config: { class_name: 'Sequential', … } }`.
 * `where` names the caller in errors ("importTfjs: model.json modelTopology").
 */
export function readKerasSequential(doc: unknown, where: string): KerasSequential {
  const model = isObject(doc) && isObject(doc.model_config) ? doc.model_config : doc;
  if (!isObject(model) || typeof model.class_name !== 'string') {
    throw new DataError(`${where}: expected a Keras model object with class_name, got ${describe(model)}`);
  }
  if (model.class_name !== 'Sequential') {
    throw new DataError(
      `${where}: expected a Sequential or functional model (class_name "Sequential", "Functional" or "Model"), ` +
        `got class_name ${JSON.stringify(model.class_name)}`,
    );
  }
  // Keras ≤ 2.2 wrote the layer list as the config itself; later versions nest it in config.layers.
  const rawLayers = Array.isArray(model.config) ? model.config : isObject(model.config) ? model.config.layers : undefined;
  if (!Array.isArray(rawLayers)) {
    throw new DataError(`${where}: expected config.layers to be an array, got ${describe(rawLayers)}`);
  }
  const layers = rawLayers.map((layer, i) => readLayer(layer, `${where} config.layers[${i}]`));
  let inputShape = layers.length > 0 ? layerInputShape(layers[0] as KerasLayerJson) : undefined;
  if (inputShape === undefined && isObject(model.config)) {
    // Keras 3 keeps the shape the model was built with when there is no InputLayer.
    inputShape = batchShape(model.config.build_input_shape) ?? batchShape(buildConfigShape(model));
  }
  return { layers, inputShape };
}

function readLayer(value: Json, where: string): KerasLayerJson {
  if (!isObject(value) || typeof value.class_name !== 'string' || !isObject(value.config)) {
    throw new DataError(`${where}: expected { class_name, config }, got ${describe(value)}`);
  }
  return {
    class_name: value.class_name,
    config: value.config,
    ...(typeof value.module === 'string' ? { module: value.module } : {}),
  };
}

/** The input shape a layer declares (batch dimension dropped), in any of Keras's spellings. */
export function layerInputShape(layer: KerasLayerJson): Shape | undefined {
  const config = layer.config;
  const declared = batchShape(config.batch_input_shape) ?? batchShape(config.batch_shape);
  if (declared !== undefined) return declared;
  if (Array.isArray(config.input_shape)) return toShape(config.input_shape);
  if (typeof config.input_dim === 'number') return [config.input_dim];
  return batchShape(buildConfigShape(layer as unknown as JsonObject));
}

function buildConfigShape(object: JsonObject): Json | undefined {
  return isObject(object.build_config) ? object.build_config.input_shape : undefined;
}

/** [null, 4] → [4]; anything else → undefined. */
function batchShape(value: Json | undefined): Shape | undefined {
  if (!Array.isArray(value) || value.length < 2) return undefined;
  return toShape(value.slice(1));
}

function toShape(values: Json[]): Shape | undefined {
  return values.every((dim) => typeof dim === 'number' && Number.isInteger(dim) && dim > 0)
    ? (values as number[])
    : undefined;
}

export { describe };

/**
 * Keras's BatchNormalization momentum weighs the old running value, kubiki's (PyTorch's) the new
 * batch: one is 1 − the other. Rounded to 12 digits so 0.1 → 0.9 → 0.1 round-trips exactly.
 */
export function flipMomentum(momentum: number): number {
  return Number((1 - momentum).toPrecision(12));
}
