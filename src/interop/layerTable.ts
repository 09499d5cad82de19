import { ConfigError } from '../errors';
import { builtInConfig } from '../layers/buildLayer';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';

/*
 * Shared by the per-layer-type tables of the exporters and shape inference. Each table is a
 * `{ [K in LayerType]: … }` record, so a new layer type does not compile until every table has an
 * entry; a type a format cannot express gets an explicit `unsupported(because)` entry.
 */

/** A table entry for a layer type a format cannot express; `because` goes into the error. */
export interface Unsupported {
  readonly unsupported: string;
}

export function unsupported(because: string): Unsupported {
  return { unsupported: because };
}

export function isUnsupported(entry: unknown): entry is Unsupported {
  return typeof entry === 'object' && entry !== null && 'unsupported' in entry;
}

/** The throw for an unsupported entry: `where: layers[i] (Type) has no <format> equivalent: because`. */
export function refuse(where: string, index: number, type: string, format: string, entry: Unsupported): never {
  throw new ConfigError(`${where}: layers[${index}] (${type}) has no ${format} equivalent: ${entry.unsupported}`);
}

/** A built-in layer's config; a registered user layer is refused, naming its type. */
export function exportableConfig(layer: Layer, index: number, where: string, format: string): LayerConfig {
  const config = layer.toConfig();
  const builtIn = builtInConfig(config);
  if (builtIn === undefined) {
    throw new ConfigError(
      `${where}: layers[${index}] (${config.type}) has no ${format} export: it is a user layer type (registerLayer), ` +
        "and the exporters know kubiki's built-in layers only; replace it with built-in layers to export",
    );
  }
  return builtIn;
}

/** [height, width] from a config's `number | [h, w]`. */
export function pair(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}
