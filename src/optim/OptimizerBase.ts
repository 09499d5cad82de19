import { nonNegativeNumber } from '../validate';
import type { Optimizer, OptimizerState } from './Optimizer';
import type { CustomOptimizerConfig, OptimizerConfig } from './OptimizerConfig';
import type { Param } from '../tensor/Param';
import { checkStateDict, type ParamState, type StateFields } from './paramState';

/**
 * What every built-in optimizer shares: the checked learning rate (schedules set it between
 * epochs) and the per-parameter state behind stateDict/loadStateDict (PyTorch's state_dict).
 * A subclass declares its name, its state's fields (a ParamState) and its update rule.
 */
export abstract class OptimizerBase implements Optimizer {
  abstract readonly name: string;
  private rate = 0;
  protected abstract readonly state: ParamState<StateFields>;

  abstract step(params: readonly Param[]): void;
  abstract toConfig(): OptimizerConfig | CustomOptimizerConfig;

  get lr(): number {
    return this.rate;
  }

  /** Schedules set it between epochs; a negative or non-finite rate is refused. */
  set lr(value: number) {
    this.rate = nonNegativeNumber(this.name, 'lr', value);
  }

  stateDict(): OptimizerState {
    return { type: this.name, lr: this.lr, params: this.state.toJSON() };
  }

  loadStateDict(state: OptimizerState): void {
    const checked = checkStateDict(this.name, this.name, state);
    this.lr = checked.lr;
    this.state.load(checked.params);
  }
}
