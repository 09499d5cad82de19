import type { Loss, Metric, Model, Sequential, Tensor } from '../src';
import type { CliMetadata } from './task';

/** What `kubiki train` fits on, read from a CSV (csvData.ts) or a text file of lines (textData.ts). */
export interface TrainingData {
  /** One tensor, or one per input of a graph model. */
  readonly x: Tensor | Tensor[];
  readonly y: Tensor;
  readonly validation: readonly [Tensor | Tensor[], Tensor] | undefined;
  readonly metrics: readonly Metric[];
  /** The "Training on …" line. */
  readonly description: string;
  /** Stored in the model file, so evaluate, predict and sample read data as training did. */
  readonly metadata: CliMetadata;
  /** Lines printed after training: the test file's results, a language model's held-out cross-entropy. */
  results(model: Sequential | Model, loss: Loss): string[];
  /**
   * What a training report scores the model on: the test file, else the validation rows, else the
   * training rows; undefined where reports do not apply (a language model on data.text).
   */
  readonly scoring?: { readonly x: Tensor | readonly Tensor[]; readonly y: Tensor; readonly dataset: string; readonly classes: readonly string[] | undefined; readonly rows: string };
}
