import type { Param } from '../tensor/Param';
import type { CustomOptimizerConfig, OptimizerConfig } from './OptimizerConfig';

/**
 * Takes one step over the parameters from their accumulated gradients. State (momentum buffers,
 * Adam moments) is kept per parameter, keyed by the parameter's value tensor, so the same
 * optimizer can be given the same params again at every step. `lr` is public: schedules set it.
 */
export interface Optimizer {
  readonly name: string;
  lr: number;
  step(params: readonly Param[]): void;
  /** JSON-safe; round-trips through buildOptimizer (a registered type's config included). */
  toConfig(): OptimizerConfig | CustomOptimizerConfig;
}
