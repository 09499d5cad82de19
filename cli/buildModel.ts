import { buildLayer, ConfigError, createRng, graphFromConfig, Sequential, type Model } from '../src';
import type { KubikiConfig } from '../src/config';

/** The configured network with weights initialised from `seed` (same seed, same weights): a Sequential, or a Model for a graph. */
export function buildModel(config: KubikiConfig, seed: number): Sequential | Model {
  const rng = createRng(seed);
  if (config.model.graph) {
    return graphFromConfig(config.model.graph.config, { path: 'model', error: (message) => new ConfigError(message), rng });
  }
  return new Sequential(config.model.layers.map((layer) => buildLayer(layer, rng)));
}
