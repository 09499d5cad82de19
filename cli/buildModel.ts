import { buildLayer, createRng, Sequential } from '../src';
import type { KubikiConfig } from '../src/config';

/** The configured network with weights initialised from `seed` (same seed, same weights). */
export function buildModel(config: KubikiConfig, seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential(config.model.layers.map((layer) => buildLayer(layer, rng)));
}
