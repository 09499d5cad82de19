import { DataError } from '../errors';
import type { NamedWeight } from './weightsBinary';

/**
 * Where an importer finds a Keras layer's weights. `take("dense_1", "kernel")` returns the weight,
 * or undefined to leave the layer's freshly initialised values (an architecture-only import);
 * `finish()` throws if weights were left over, which means the file and the layers disagree.
 */
export interface KerasWeightSource {
  take(layerName: string, weightName: string): NamedWeight | undefined;
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
