import { assertNever } from '../errors';
import { BCELoss } from './BCELoss';
import { BCEWithLogitsLoss } from './BCEWithLogitsLoss';
import { CrossEntropyLoss } from './CrossEntropyLoss';
import { HuberLoss } from './HuberLoss';
import { L1Loss } from './L1Loss';
import type { Loss } from './Loss';
import type { LossConfig } from './LossConfig';
import { MSELoss } from './MSELoss';
import { NLLLoss } from './NLLLoss';

/** Loss type names, for validation messages and "did you mean" suggestions. */
export const LOSS_TYPES = [
  'MSELoss',
  'L1Loss',
  'HuberLoss',
  'BCELoss',
  'BCEWithLogitsLoss',
  'CrossEntropyLoss',
  'NLLLoss',
] as const satisfies readonly LossConfig['type'][];

/** The one place a config becomes a loss; the compiler checks the switch is complete. */
export function buildLoss(config: LossConfig): Loss {
  switch (config.type) {
    case 'MSELoss':
      return new MSELoss();
    case 'L1Loss':
      return new L1Loss();
    case 'HuberLoss':
      return new HuberLoss(config.delta);
    case 'BCELoss':
      return new BCELoss();
    case 'BCEWithLogitsLoss':
      return new BCEWithLogitsLoss();
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss({ ignoreIndex: config.ignoreIndex });
    case 'NLLLoss':
      return new NLLLoss();
    default:
      return assertNever(config, 'buildLoss');
  }
}
