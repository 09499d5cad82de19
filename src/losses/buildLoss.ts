import { FactoryMap } from '../util/FactoryMap';
import { BCELoss } from './BCELoss';
import { BCEWithLogitsLoss } from './BCEWithLogitsLoss';
import { CrossEntropyLoss } from './CrossEntropyLoss';
import { HuberLoss } from './HuberLoss';
import { KLDivLoss } from './KLDivLoss';
import { L1Loss } from './L1Loss';
import type { CustomLossConfig, Loss } from './Loss';
import type { LossConfig, LossType } from './LossConfig';
import { MSELoss } from './MSELoss';
import { NLLLoss } from './NLLLoss';
import { SmoothL1Loss } from './SmoothL1Loss';

/** The one place a config becomes a loss: the compiler insists on an entry for every LossType. */
const BUILDERS: { readonly [K in LossType]: (config: Extract<LossConfig, { type: K }>) => Loss } = {
  MSELoss: () => new MSELoss(),
  L1Loss: () => new L1Loss(),
  HuberLoss: (config) => new HuberLoss(config.delta),
  SmoothL1Loss: (config) => new SmoothL1Loss(config.beta),
  BCELoss: () => new BCELoss(),
  BCEWithLogitsLoss: () => new BCEWithLogitsLoss(),
  CrossEntropyLoss: (config) => new CrossEntropyLoss({ ignoreIndex: config.ignoreIndex }),
  NLLLoss: () => new NLLLoss(),
  KLDivLoss: () => new KLDivLoss(),
};

const LOSSES = new FactoryMap<LossConfig | CustomLossConfig, Loss>('loss', 'registerLoss', BUILDERS);

/** Built-in loss type names (the keys of the builders' record), for validation and "did you mean". */
export const LOSS_TYPES = LOSSES.builtIns as readonly LossType[];

/**
 * Adds a loss of your own: buildLoss, loadModel and the CLI's config validation build `{ type, … }`
 * with `factory` after the built-ins. Its toConfig() returns that config (JSON-safe). Registering a
 * built-in name is a ConfigError; registering the same type again replaces the factory.
 */
export const registerLoss: (type: string, factory: (config: CustomLossConfig) => Loss) => void = (type, factory) =>
  LOSSES.add(type, factory as (config: LossConfig | CustomLossConfig) => Loss);

/** Built-in loss types, then registered ones. */
export const lossTypes = (): string[] => LOSSES.types();

/** A built-in or registered loss from its config; an unknown type is a ConfigError naming it. */
export const buildLoss = (config: LossConfig | CustomLossConfig): Loss => LOSSES.build(config);
