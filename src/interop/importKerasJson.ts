import { DataError } from '../errors';
import { Sequential } from '../model/Sequential';
import { shapeSize, Tensor } from '../tensor/Tensor';
import { fromKerasLayers } from './fromKerasLayers';
import { readKerasSequential } from './kerasJson';
import { noWeights, weightsByName, weightsInOrder, type KerasWeightSource } from './kerasWeightSource';
import type { NamedWeight } from './weightsBinary';

/**
 * Weights for importKerasJson: a list in `model.get_weights()` order (Dense: kernel, bias), or a
 * record by TF.js manifest name ("dense/kernel"). Keras layouts (Dense kernel [in, units]).
 */
export type KerasWeights = readonly Tensor[] | Readonly<Record<string, Tensor>>;

/**
 * Builds a kubiki Sequential from a Keras `model.to_json()` document (Keras 2 or 3; a string or
 * the parsed object). Without `weights` the layers keep fresh initial values. The input shape
 * (without the batch) is kept in `model.metadata.inputShape`.
 */
export function importKerasJson(json: string | object, weights?: KerasWeights): Sequential {
  const where = 'importKerasJson';
  let document: unknown = json;
  if (typeof json === 'string') {
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new DataError(`${where}: expected a Keras model.to_json() document, but it does not parse: ${(error as Error).message}`);
    }
  }
  const keras = readKerasSequential(document, where);
  const { layers, inputShape } = fromKerasLayers(keras, weightSource(weights, where), where);
  const model = new Sequential(layers);
  model.metadata.inputShape = [...inputShape];
  return model;
}

function weightSource(weights: KerasWeights | undefined, where: string): KerasWeightSource {
  if (weights === undefined) return noWeights;
  const named = (name: string, t: Tensor): NamedWeight => {
    if (!(t instanceof Tensor) || t.size !== shapeSize(t.shape)) {
      throw new DataError(`${where}: weights: expected Tensors, got ${typeof t} for ${name}`);
    }
    return { name, shape: t.shape, data: t.data };
  };
  if (Array.isArray(weights)) return weightsInOrder(weights.map((t, i) => named(`weights[${i}]`, t)), where);
  const byName = new Map(Object.entries(weights as Record<string, Tensor>).map(([name, t]) => [name, named(name, t)]));
  return weightsByName(byName, where);
}
