import type { BCELossConfig } from './BCELoss';
import type { BCEWithLogitsLossConfig } from './BCEWithLogitsLoss';
import type { CrossEntropyLossConfig } from './CrossEntropyLoss';
import type { HuberLossConfig } from './HuberLoss';
import type { KLDivLossConfig } from './KLDivLoss';
import type { L1LossConfig } from './L1Loss';
import type { MSELossConfig } from './MSELoss';
import type { NLLLossConfig } from './NLLLoss';
import type { SmoothL1LossConfig } from './SmoothL1Loss';

/** Every built-in loss's config, discriminated by `type` (the exported class name). */
export type LossConfig =
  // regression
  | MSELossConfig
  | L1LossConfig
  | HuberLossConfig
  | SmoothL1LossConfig
  // binary
  | BCELossConfig
  | BCEWithLogitsLossConfig
  // classes and distributions
  | CrossEntropyLossConfig
  | NLLLossConfig
  | KLDivLossConfig;

export type LossType = LossConfig['type'];
