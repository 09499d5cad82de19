import type { Param } from '../tensor/Param';
import type { CustomOptimizerConfig, OptimizerConfig } from './OptimizerConfig';
import type { OptimizerState } from './paramState';

export type { OptimizerState } from './paramState';

/**
 * Takes one step over the parameters from their accumulated gradients. State (momentum buffers,
 * Adam moments) is kept per parameter, keyed by the parameter's value tensor, so the same
 * optimizer can be given the same params again at every step. `lr` is public: schedules set it
 * (a negative or non-finite value is refused).
 */
export interface Optimizer {
  readonly name: string;
  lr: number;
  step(params: readonly Param[]): void;
  /** JSON-safe; round-trips through buildOptimizer (a registered type's config included). */
  toConfig(): OptimizerConfig | CustomOptimizerConfig;
  /**
   * The learning rate and every parameter's state (by parameter name), as JSON: PyTorch's
   * state_dict. Every built-in optimizer has it; a registered one needs it for checkpoints.
   */
  stateDict?(): OptimizerState;
  /** Continues from stateDict()'s output: each parameter takes its state at its next step. */
  loadStateDict?(state: OptimizerState): void;
}
