import type { AdagradConfig } from './Adagrad';
import type { AdamConfig } from './Adam';
import type { AdamaxConfig } from './Adamax';
import type { AdamWConfig } from './AdamW';
import type { RMSpropConfig } from './RMSprop';
import type { SGDConfig } from './SGD';

/** Every built-in optimizer's config, discriminated by `type` (the exported class name). */
export type OptimizerConfig = SGDConfig | AdamConfig | AdamWConfig | AdamaxConfig | RMSpropConfig | AdagradConfig;

export type OptimizerType = OptimizerConfig['type'];

/** The config of an optimizer added with registerOptimizer: a `type` and JSON-safe options. */
export interface CustomOptimizerConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}
