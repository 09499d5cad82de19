import { DataError } from '../errors';
import type { Model } from '../graph/Model';
import { Sequential } from '../model/Sequential';
import { Tensor, type NestedArray } from '../tensor/Tensor';
import { fromKerasLayers } from './fromKerasLayers';
import { fromKerasGraph } from './fromKerasGraph';
import { importedGraphMetadata, importedMetadata, type ImportOptions } from './importOptions';
import { readKerasModel } from './kerasGraph';
import { noWeights, weightsByName, weightsFromFloats, weightsInOrder, type KerasWeightSource } from './kerasWeightSource';
import type { NamedWeight } from './weightsBinary';

/**
 * Weights for importKerasJson, in Keras layouts (Dense kernel [in, units], Conv2D [kh, kw, in, out]):
 * - a list in `model.get_weights()` order (Dense: kernel, bias; …), as Tensors or nested arrays;
 * - a record by TF.js manifest name (`"dense/kernel"`);
 * - all of them back to back as float32: a Float32Array, or the little-endian bytes of a TF.js
 *   weights.bin (Uint8Array / Buffer / ArrayBuffer), cut by the shapes the layers expect.
 */
export type KerasWeights =
  | readonly (Tensor | NestedArray)[]
  | Readonly<Record<string, Tensor | NestedArray>>
  | Float32Array
  | Uint8Array
  | ArrayBuffer;

/**
 * Builds a kubiki Sequential from a Keras `model.to_json()` document (Keras 2 or 3; a string or
 * the parsed object), or a graph Model from a functional one ("Functional"/"Model" with
 * inbound_nodes, in Keras 2's and Keras 3's forms). Without `weights` the layers keep fresh initial
 * values; ordered weights follow config.layers (get_weights() order). The input shape (without the
 * batch) is kept in `model.metadata.inputShape`. `options.channelsLast` as for importTfjs.
 */
export function importKerasJson(json: string | object, weights?: KerasWeights, options: ImportOptions = {}): Sequential | Model {
  const where = 'importKerasJson';
  let document: unknown = json;
  if (typeof json === 'string') {
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new DataError(`${where}: expected a Keras model.to_json() document, but it does not parse: ${(error as Error).message}`);
    }
  }
  const keras = readKerasModel(document, where);
  if (keras.kind === 'functional') {
    const imported = fromKerasGraph(keras.graph, weightSource(weights, where), where, options.channelsLast);
    imported.model.metadata = importedGraphMetadata(imported.model, imported.kerasInputShapes);
    return imported.model;
  }
  const imported = fromKerasLayers(keras.model, weightSource(weights, where), where, options.channelsLast);
  const model = new Sequential(imported.layers);
  model.metadata = importedMetadata(imported);
  return model;
}

function weightSource(weights: KerasWeights | undefined, where: string): KerasWeightSource {
  if (weights === undefined) return noWeights;
  // By tag rather than instanceof: a Buffer or typed array may come from another realm (vm, jest).
  const tag = Object.prototype.toString.call(weights);
  if (tag === '[object Float32Array]') return weightsFromFloats(weights as Float32Array, where);
  if (tag === '[object ArrayBuffer]' || tag === '[object Uint8Array]') {
    const bytes = tag === '[object ArrayBuffer]' ? new Uint8Array(weights as ArrayBuffer) : (weights as Uint8Array);
    if (bytes.byteLength % 4 !== 0) {
      throw new DataError(`${where}: expected little-endian float32 weights (a multiple of 4 bytes), got ${bytes.byteLength} bytes`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values = new Float32Array(bytes.byteLength / 4);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
    return weightsFromFloats(values, where);
  }
  const named = (name: string, value: Tensor | NestedArray): NamedWeight => {
    let tensor: Tensor;
    try {
      tensor = value instanceof Tensor ? value : Tensor.from(value);
    } catch (error) {
      throw new DataError(`${where}: weights ${name}: expected a Tensor or nested number arrays: ${(error as Error).message}`);
    }
    return { name, shape: tensor.shape, data: tensor.data };
  };
  if (Array.isArray(weights)) {
    return weightsInOrder((weights as readonly (Tensor | NestedArray)[]).map((w, i) => named(`[${i}]`, w)), where);
  }
  const entries = Object.entries(weights as Readonly<Record<string, Tensor | NestedArray>>);
  return weightsByName(new Map(entries.map(([name, w]) => [name, named(name, w)])), where);
}
