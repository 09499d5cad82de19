import { assertNever } from '../errors';
import { Adagrad } from './Adagrad';
import { Adam } from './Adam';
import { AdamW } from './AdamW';
import type { Optimizer } from './Optimizer';
import type { OptimizerConfig } from './OptimizerConfig';
import { RMSprop } from './RMSprop';
import { SGD } from './SGD';

/** Optimizer type names, for validation messages and "did you mean" suggestions. */
export const OPTIMIZER_TYPES = ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'] as const satisfies readonly OptimizerConfig['type'][];

/** The one place a config becomes an optimizer; the compiler checks the switch is complete. */
export function buildOptimizer(config: OptimizerConfig): Optimizer {
  switch (config.type) {
    case 'SGD':
      return new SGD(config);
    case 'Adam':
      return new Adam(config);
    case 'AdamW':
      return new AdamW(config);
    case 'RMSprop':
      return new RMSprop(config);
    case 'Adagrad':
      return new Adagrad(config);
    default:
      return assertNever(config, 'buildOptimizer');
  }
}
