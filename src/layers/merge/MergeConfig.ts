import type { AddConfig } from './Add';
import type { AverageConfig } from './Average';
import type { ConcatenateConfig } from './Concatenate';
import type { MaximumConfig } from './Maximum';
import type { MultiplyConfig } from './Multiply';
import type { SubtractConfig } from './Subtract';

/** Every merge layer's config, discriminated by `type` (the exported class name). */
export type MergeConfig = AddConfig | SubtractConfig | MultiplyConfig | AverageConfig | MaximumConfig | ConcatenateConfig;

export type MergeType = MergeConfig['type'];
