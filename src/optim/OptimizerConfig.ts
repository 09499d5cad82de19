import type { AdagradOptions } from './Adagrad';
import type { AdamOptions } from './Adam';
import type { AdamaxOptions } from './Adamax';
import type { RMSpropOptions } from './RMSprop';
import type { SGDOptions } from './SGD';

/* Each optimizer's config is its options, declared once in its file, plus its `type`. */
export type SGDConfig = { readonly type: 'SGD' } & SGDOptions;
export type AdamConfig = { readonly type: 'Adam' } & AdamOptions;
export type AdamWConfig = { readonly type: 'AdamW' } & AdamOptions;
export type AdamaxConfig = { readonly type: 'Adamax' } & AdamaxOptions;
export type RMSpropConfig = { readonly type: 'RMSprop' } & RMSpropOptions;
export type AdagradConfig = { readonly type: 'Adagrad' } & AdagradOptions;

/** Every built-in optimizer's config, discriminated by `type` (the exported class name). */
export type OptimizerConfig = SGDConfig | AdamConfig | AdamWConfig | AdamaxConfig | RMSpropConfig | AdagradConfig;

export type OptimizerType = OptimizerConfig['type'];

/** The config of an optimizer added with registerOptimizer: a `type` and JSON-safe options. */
export interface CustomOptimizerConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}
