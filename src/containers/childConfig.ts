import type { CustomLayerConfig, Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';

/** A child in a container's config: a layer config (built-in or registered), or an array for a Sequential of them. */
export type ChildConfig = LayerConfig | CustomLayerConfig | readonly (LayerConfig | CustomLayerConfig)[];

/** A Sequential child is written as the array of its layers (model.json's `"block": [ … ]`). */
export function childConfig(layer: Layer): ChildConfig {
  const config = layer.toConfig();
  return config.type === 'Sequential' ? (config as { layers: readonly (LayerConfig | CustomLayerConfig)[] }).layers : config;
}
