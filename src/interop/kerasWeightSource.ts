import { DataError } from '../errors';
import { shapeSize, type Shape } from '../tensor/Tensor';
import type { NamedWeight } from './weightsBinary';

/**
 * Where an importer finds a Keras layer's weights. `take("dense_1", "kernel", [4, 8])` returns the
 * weight (`shape` is the one Keras's layout implies, for sources that store no shapes), or
 * undefined to leave the layer's freshly initialised values (an architecture-only import);
 * `finish()` throws if weights were left over, which means the file and the layers disagree.
 */
export interface KerasWeightSource {
  take(layerName: string, weightName: string, shape: Shape): NamedWeight | undefined;
  finish(): void;
}

/** No weights at all: layers keep their initial values. */
export const noWeights: KerasWeightSource = { take: () => undefined, finish: () => undefined };

/**
 * Weights by manifest name (TF.js): "dense_1/kernel", also with a ":0" suffix or under a scope
 * prefix ("sequential/dense_1/kernel"), spellings older Keras converters wrote. Every layer weight
 * must be present and every stored weight used.
 */
export function weightsByName(weights: ReadonlyMap<string, NamedWeight>, where: string): KerasWeightSource {
  const unused = new Set(weights.keys());
  return {
    take(layerName, weightName) {
      const wanted = `${layerName}/${weightName}`;
      const key = [wanted, `${wanted}:0`].find((k) => weights.has(k)) ??
        [...weights.keys()].find((k) => k.endsWith(`/${wanted}`) || k.endsWith(`/${wanted}:0`));
      if (key === undefined) {
        throw new DataError(
          `${where}: expected a weight named "${wanted}" in weightsManifest, found only ${[...weights.keys()]
            .map((k) => JSON.stringify(k))
            .join(', ') || 'none'}`,
        );
      }
      unused.delete(key);
      return weights.get(key);
    },
    finish() {
      if (unused.size > 0) {
        throw new DataError(
          `${where}: weightsManifest lists weights no layer uses: ${[...unused].join(', ')}; ` +
            'the model topology and the weights do not match',
        );
      }
    },
  };
}

/** Weights in Keras's `model.get_weights()` order (kernel, bias per Dense; …), taken one by one. */
export function weightsInOrder(weights: readonly NamedWeight[], where: string): KerasWeightSource {
  let next = 0;
  return {
    take(layerName, weightName) {
      const weight = weights[next];
      if (weight === undefined) {
        throw new DataError(
          `${where}: expected a weight for ${layerName}/${weightName} at index ${next}, got only ${weights.length} weights`,
        );
      }
      next++;
      return weight;
    },
    finish() {
      if (next !== weights.length) {
        throw new DataError(`${where}: expected ${next} weights (model.get_weights() order), got ${weights.length}`);
      }
    },
  };
}

/**
 * Every weight back to back in one float32 array, in `model.get_weights()` order (the layout of a
 * TF.js weights.bin); each is cut to the shape the layer expects.
 */
export function weightsFromFloats(values: Float32Array, where: string): KerasWeightSource {
  let offset = 0;
  return {
    take(layerName, weightName, shape) {
      const size = shapeSize(shape);
      if (offset + size > values.length) {
        throw new DataError(
          `${where}: expected ${size} more values for ${layerName}/${weightName} at offset ${offset}, got ${values.length} values in all`,
        );
      }
      const data = values.subarray(offset, offset + size);
      offset += size;
      return { name: `${layerName}/${weightName}`, shape, data };
    },
    finish() {
      if (offset !== values.length) {
        throw new DataError(`${where}: expected ${offset} weight values for these layers, got ${values.length}`);
      }
    },
  };
}
