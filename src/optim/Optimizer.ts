import type { Param } from '../layers/Layer';
import type { OptimizerConfig } from './OptimizerConfig';
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
  toConfig(): OptimizerConfig;
  /** The learning rate and every parameter's state (by parameter name), as JSON: PyTorch's state_dict. */
  stateDict(): OptimizerState;
  /** Continues from stateDict()'s output: each parameter takes its state at its next step. */
  loadStateDict(state: OptimizerState): void;
}
