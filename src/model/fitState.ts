import { decodeBase64, encodeBase64 } from '../util/bytes';
import { DataError } from '../errors';
import type { RngState } from '../tensor/rng';
import type { EarlyStoppingState } from './EarlyStopper';
import type { History } from './fit';

/**
 * Where a fit loop stands between two epochs, as JSON: with the model's weights and the optimizer's
 * stateDict() it is everything a resumed run needs to continue bit for bit (a checkpoint).
 */
export interface FitState {
  /** The next epoch to run (0-based): fit's initialEpoch on resume. */
  readonly epoch: number;
  /** The optimizer's learning rate when training started: schedules are functions of it. */
  readonly lr0: number;
  /** The shuffled row order (shuffling permutes it in place each epoch), base64 of int32s. */
  readonly order: string;
  readonly shuffleRng: RngState;
  /** The stochastic layers' generator (Dropout), when fit was given a seed. */
  readonly layerRng: RngState | null;
  /** The first batch's loss, the divergence rule's yardstick. */
  readonly lossReference: number | null;
  readonly earlyStopping: EarlyStoppingState | null;
  readonly history: History;
}

export function encodeOrder(order: Int32Array): string {
  return encodeBase64(new Uint8Array(order.buffer, order.byteOffset, order.byteLength));
}

export function decodeOrder(text: string, order: Int32Array): void {
  const bytes = decodeBase64(text);
  if (bytes.length !== order.byteLength) {
    throw new DataError(`fit: resume.order: expected ${order.length} row indices, got ${bytes.length / 4}; the checkpoint was made on other data`);
  }
  new Uint8Array(order.buffer, order.byteOffset, order.byteLength).set(bytes);
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as number;
    if (row < 0 || row >= order.length) throw new DataError(`fit: resume.order: row index ${row} outside 0..${order.length - 1}`);
  }
}

/** Checks the parts of a FitState that fit reads before it trusts them. */
export function checkResume(state: FitState, rows: number): void {
  const bad = (key: string, expected: string, got: unknown): never => {
    throw new DataError(`fit: resume.${key}: expected ${expected}, got ${JSON.stringify(got)?.slice(0, 60)}`);
  };
  if (typeof state !== 'object' || state === null) bad('', 'a FitState from a checkpoint', state);
  if (!Number.isInteger(state.epoch) || state.epoch < 0) bad('epoch', 'a non-negative integer', state.epoch);
  if (typeof state.lr0 !== 'number' || !(state.lr0 >= 0)) bad('lr0', 'a non-negative number', state.lr0);
  if (typeof state.order !== 'string') bad('order', `the order of ${rows} rows (base64)`, typeof state.order);
  const h = state.history as Partial<History> | undefined;
  if (typeof h !== 'object' || h === null || !Array.isArray(h.epoch) || !Array.isArray(h.loss) || !Array.isArray(h.lr)) {
    bad('history', 'a History { epoch, loss, lr, … }', h);
  }
}

export function copyHistory(history: History): History {
  const copy: History = { epoch: [...history.epoch], loss: [...history.loss], lr: [...history.lr] };
  if (history.accuracy) copy.accuracy = [...history.accuracy];
  if (history.valLoss) copy.valLoss = [...history.valLoss];
  if (history.valAccuracy) copy.valAccuracy = [...history.valAccuracy];
  return copy;
}
