import { ConfigError, DataError } from '../errors';
import { decodeFloatsInto, encodeFloats, type EncodedFloats } from './floatCodec';
import type { Param, StateTensor } from '../layers/Layer';
import type { FloatArray } from '../tensor/Tensor';
import { boolean, nonNegativeInt, nonNegativeNumber, oneOf } from '../validate';

export const MONITORS = ['loss', 'valLoss', 'accuracy', 'valAccuracy'] as const;
export type Monitor = (typeof MONITORS)[number];

/** Keras's EarlyStopping callback, as a fit option. */
export interface EarlyStopping {
  /** Default: valLoss when there is validation data, else loss. Losses are minimised, accuracies maximised. */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 0: stop at the first one). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch at the end (default false). */
  restoreBest?: boolean;
}

/** EarlyStopper.getState(): JSON, the best weights as exact base64. */
export interface EarlyStoppingState {
  readonly best: number | null;
  readonly bestEpoch: number;
  readonly wait: number;
  readonly stopped: boolean;
  readonly snapshot: readonly EncodedFloats[] | null;
}

/**
 * Tracks the monitored value across epochs, keeps a copy of the best weights when asked to, and
 * says when to stop: after `patience` epochs without an improvement larger than `minDelta`.
 */
export class EarlyStopper {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  bestEpoch = -1;
  stopped = false;
  private best = NaN;
  private wait = 0;
  private snapshot: FloatArray[] | undefined;

  constructor(options: EarlyStopping, hasValidation: boolean, hasAccuracy: boolean) {
    const where = 'fit: earlyStopping';
    this.monitor = oneOf(where, 'monitor', options.monitor ?? (hasValidation ? 'valLoss' : 'loss'), MONITORS);
    this.patience = nonNegativeInt(where, 'patience', options.patience ?? 0);
    this.minDelta = nonNegativeNumber(where, 'minDelta', options.minDelta ?? 0);
    this.restoreBest = boolean(where, 'restoreBest', options.restoreBest ?? false);
    if (this.monitor.startsWith('val') && !hasValidation) {
      throw new ConfigError(`${where}: monitor "${this.monitor}" needs validationSplit or validationData; monitor "loss" or add validation`);
    }
    if (this.monitor.endsWith('ccuracy') && !hasAccuracy) {
      throw new ConfigError(`${where}: monitor "${this.monitor}" needs metrics: ['accuracy']`);
    }
  }

  /** Records an epoch; true when training should stop. */
  update(epoch: number, logs: Partial<Record<Monitor, number>>, params: readonly Param[], buffers: readonly StateTensor[]): boolean {
    const value = logs[this.monitor] as number;
    const sign = this.monitor.endsWith('oss') ? 1 : -1; // minimise losses, maximise accuracies
    if (this.bestEpoch < 0 || sign * (this.best - value) > this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBest) this.snapshot = [...params, ...buffers].map((t) => t.value.data.slice());
      return false;
    }
    this.wait++;
    this.stopped = this.wait >= this.patience; // Keras: patience epochs without improvement
    return this.stopped;
  }

  /** Where the stopper stands, for checkpoints: the best value and epoch, the wait, and the best weights. */
  getState(): EarlyStoppingState {
    return {
      best: Number.isNaN(this.best) ? null : this.best,
      bestEpoch: this.bestEpoch,
      wait: this.wait,
      stopped: this.stopped,
      snapshot: this.snapshot?.map(encodeFloats) ?? null,
    };
  }

  setState(state: EarlyStoppingState, params: readonly Param[], buffers: readonly StateTensor[]): void {
    this.best = state.best ?? NaN;
    this.bestEpoch = state.bestEpoch;
    this.wait = state.wait;
    this.stopped = state.stopped;
    if (state.snapshot === null) {
      this.snapshot = undefined;
      return;
    }
    const tensors = [...params, ...buffers];
    this.snapshot = tensors.map((t, i) => {
      const copy = t.value.data.slice();
      if (!decodeFloatsInto(state.snapshot?.[i], copy)) {
        throw new DataError(`earlyStopping state: snapshot[${i}] does not fit "${t.name}"; the checkpoint belongs to another model`);
      }
      return copy;
    });
  }

  /** At the end of training: restores the best weights when asked to. */
  finish(params: readonly Param[], buffers: readonly StateTensor[]): void {
    if (!this.restoreBest || !this.snapshot) return;
    const snapshot = this.snapshot;
    [...params, ...buffers].forEach((t, i) => t.value.data.set(snapshot[i] as FloatArray));
  }
}
