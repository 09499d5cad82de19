import { ConfigError, DataError } from '../errors';
import type { Optimizer, OptimizerState } from '../optim/Optimizer';
import { atomicWrite } from '../util/atomicWrite';
import { platform } from '../platform';
import type { FitState } from './fitState';
import type { GraphDocument } from '../graph/graphDocument';
import type { Model } from '../graph/Model';
import { documentOf, modelFromDocument, type SavableModel } from './modelFile';
import type { Sequential } from './Sequential';
import type { ModelDocument } from './serialize';

export const CHECKPOINT_FORMAT = 'kubiki-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * A checkpoint: the model (weights and batch-norm statistics, as in a model file), the optimizer's
 * stateDict(), and fit's loop state (epoch, schedule's lr0, shuffle order, random generators, early
 * stopping, divergence yardstick, history). Everything a resumed run needs to continue bit for bit.
 */
export interface CheckpointDocument {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  model: ModelDocument | GraphDocument;
  optimizer: OptimizerState;
  fit: FitState;
}

export interface Checkpoint {
  readonly model: Sequential | Model;
  readonly optimizer: OptimizerState;
  readonly fit: FitState;
}

/** Writes a checkpoint atomically (a temporary file, then a rename): a kill at any moment leaves the previous one whole. */
export function saveCheckpoint(path: string, model: SavableModel, optimizer: Optimizer, state: FitState): void {
  const document: CheckpointDocument = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: documentOf(model),
    optimizer: stateOf(optimizer),
    fit: state,
  };
  atomicWrite(path, JSON.stringify(document), 'checkpoint');
}

/**
 * Reads a checkpoint written by saveCheckpoint; undefined when there is none yet (a run killed before
 * its first checkpoint starts from the beginning). To resume: take `model`, call
 * `optimizer.loadStateDict(checkpoint.optimizer)`, and fit with `{ resume: checkpoint.fit }`.
 */
export function loadCheckpoint(path: string): Checkpoint | undefined {
  const files = platform.files('loadCheckpoint');
  let text: string;
  try {
    text = files.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new DataError(`${path}: cannot read the checkpoint (${(error as Error).message})`);
  }
  let document: Partial<CheckpointDocument>;
  try {
    document = JSON.parse(text) as Partial<CheckpointDocument>;
  } catch (error) {
    throw new DataError(`${path}: expected a kubiki checkpoint (JSON), but it does not parse: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || document.format !== CHECKPOINT_FORMAT) {
    throw new DataError(`${path}: format: expected "${CHECKPOINT_FORMAT}", got ${JSON.stringify((document as { format?: unknown })?.format)}; this is not a kubiki checkpoint`);
  }
  if (document.version !== CHECKPOINT_VERSION) {
    throw new DataError(`${path}: version: expected ${CHECKPOINT_VERSION}, got ${JSON.stringify(document.version)}`);
  }
  if (typeof document.optimizer !== 'object' || document.optimizer === null || typeof document.fit !== 'object' || document.fit === null) {
    throw new DataError(`${path}: expected "optimizer" and "fit" state objects; the checkpoint is incomplete`);
  }
  return { model: modelFromDocument(document.model, `${path}: model`), optimizer: document.optimizer, fit: document.fit };
}

/** The optimizer's stateDict(); a registered optimizer without one cannot be checkpointed. */
function stateOf(optimizer: Optimizer): OptimizerState {
  if (typeof optimizer.stateDict !== 'function') {
    throw new ConfigError(`checkpoint: the optimizer ${optimizer.name} has no stateDict(); give it stateDict() and loadStateDict() to checkpoint it`);
  }
  return optimizer.stateDict();
}

/** optimizer.loadStateDict(state), with a clear error for a registered optimizer without it. */
export function loadOptimizerState(optimizer: Optimizer, state: OptimizerState): void {
  if (typeof optimizer.loadStateDict !== 'function') {
    throw new ConfigError(`checkpoint: the optimizer ${optimizer.name} has no loadStateDict(); give it stateDict() and loadStateDict() to resume it`);
  }
  optimizer.loadStateDict(state);
}
