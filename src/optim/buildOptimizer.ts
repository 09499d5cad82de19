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

const OPTIMIZERS = new FactoryMap<OptimizerConfig | CustomOptimizerConfig, Optimizer>('optimizer', 'registerOptimizer', BUILDERS);

/** Built-in optimizer type names (the keys of the builders' record), for validation and "did you mean". */
export const OPTIMIZER_TYPES = OPTIMIZERS.builtIns as readonly OptimizerType[];

/**
 * Adds an optimizer of your own: buildOptimizer and the CLI's config validation build `{ type, … }`
 * with `factory` after the built-ins. Its toConfig() returns that config (JSON-safe). Registering a
 * built-in name is a ConfigError; registering the same type again replaces the factory.
 */
export const registerOptimizer: (type: string, factory: (config: CustomOptimizerConfig) => Optimizer) => void = (
  type,
  factory,
) => OPTIMIZERS.add(type, factory as (config: OptimizerConfig | CustomOptimizerConfig) => Optimizer);

/** Built-in optimizer types, then registered ones. */
export const optimizerTypes = (): string[] => OPTIMIZERS.types();

/** A built-in or registered optimizer from its config; an unknown type is a ConfigError naming it. */
export const buildOptimizer = (config: OptimizerConfig | CustomOptimizerConfig): Optimizer => OPTIMIZERS.build(config);
