import { FactoryMap } from '../util/FactoryMap';
import { Adagrad } from './Adagrad';
import { Adam } from './Adam';
import { Adamax } from './Adamax';
import { AdamW } from './AdamW';
import type { Optimizer } from './Optimizer';
import type { CustomOptimizerConfig, OptimizerConfig, OptimizerType } from './OptimizerConfig';
import { RMSprop } from './RMSprop';
import { SGD } from './SGD';

/** The one place a config becomes an optimizer: the compiler insists on an entry for every OptimizerType. */
const BUILDERS: { readonly [K in OptimizerType]: (config: Extract<OptimizerConfig, { type: K }>) => Optimizer } = {
  SGD: (config) => new SGD(config),
  Adam: (config) => new Adam(config),
  AdamW: (config) => new AdamW(config),
  Adamax: (config) => new Adamax(config),
  RMSprop: (config) => new RMSprop(config),
  Adagrad: (config) => new Adagrad(config),
};

/** Built-in optimizer type names (the keys of the builders' record), for validation and "did you mean". */
export const OPTIMIZER_TYPES = Object.freeze(Object.keys(BUILDERS)) as readonly OptimizerType[];

const registered = new FactoryMap<CustomOptimizerConfig, Optimizer>('optimizer', OPTIMIZER_TYPES, 'registerOptimizer');

/**
 * Adds an optimizer of your own: buildOptimizer and the CLI's config validation build `{ type, … }`
 * with `factory` after the built-ins. Its toConfig() returns that config (JSON-safe). Registering a
 * built-in name is a ConfigError; registering the same type again replaces the factory.
 */
export function registerOptimizer(type: string, factory: (config: CustomOptimizerConfig) => Optimizer): void {
  registered.add(type, factory);
}

/** Built-in optimizer types, then registered ones. */
export function optimizerTypes(): string[] {
  return registered.types();
}

/** A built-in or registered optimizer from its config; an unknown type is a ConfigError naming it. */
export function buildOptimizer(config: OptimizerConfig | CustomOptimizerConfig): Optimizer {
  const type = (config as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && Object.hasOwn(BUILDERS, type)) {
    return (BUILDERS[type as OptimizerType] as (config: OptimizerConfig) => Optimizer)(config as OptimizerConfig);
  }
  const factory = typeof type === 'string' ? registered.get(type) : undefined;
  if (factory === undefined) throw registered.unknown(type, 'optimizer.type');
  return factory(config as CustomOptimizerConfig);
}
