import { Add } from './Add';
import { Average } from './Average';
import { Concatenate } from './Concatenate';
import { Maximum } from './Maximum';
import type { MergeConfig, MergeType } from './MergeConfig';
import type { MergeLayer } from './MergeLayer';
import { Multiply } from './Multiply';
import { Subtract } from './Subtract';

type Builders = { readonly [K in MergeType]: (config: Extract<MergeConfig, { type: K }>) => MergeLayer };

/** The one place a merge config becomes a layer; the compiler completes the table. */
const BUILDERS: Builders = {
  Add: () => new Add(),
  Subtract: () => new Subtract(),
  Multiply: () => new Multiply(),
  Average: () => new Average(),
  Maximum: () => new Maximum(),
  Concatenate: (config) => new Concatenate({ axis: config.axis }),
};

/** Merge layer type names, derived from the table. */
export const MERGE_TYPES = Object.keys(BUILDERS) as readonly MergeType[];

export function isMergeType(type: string): type is MergeType {
  return Object.prototype.hasOwnProperty.call(BUILDERS, type);
}

export function buildMergeLayer(config: MergeConfig): MergeLayer {
  return (BUILDERS[config.type] as (config: MergeConfig) => MergeLayer)(config);
}
