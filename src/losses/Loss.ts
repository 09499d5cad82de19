import type { Tensor } from '../tensor/Tensor';
import type { LossConfig } from './LossConfig';

/**
 * What a loss's prediction is, so metrics, `predict --proba` and the CLI read it instead of the
 * loss's name: raw scores ('logits', e.g. CrossEntropyLoss, BCEWithLogitsLoss), 'probabilities'
 * (BCELoss, after a Sigmoid), 'logProbabilities' (NLLLoss and KLDivLoss, after a LogSoftmax) or
 * plain numbers ('values', regression).
 */
export type LossOutput = 'logits' | 'probabilities' | 'logProbabilities' | 'values';

/**
 * What a loss's target is: 'classes' — class labels [batch] (integers 0..classes−1; CrossEntropyLoss
 * also takes one-hot or probability rows), so accuracy is the argmax of the prediction; 'values' —
 * a tensor shaped like the prediction (regression values, binary 0/1 probabilities, distributions).
 */
export type LossTargets = 'classes' | 'values';

/** The config of a loss added with registerLoss: a `type` and JSON-safe options. */
export interface CustomLossConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/**
 * A loss starts the backward pass: `forward` returns the scalar loss for a batch and caches what
 * `backward` needs; `backward` returns dL/dprediction, the gradOut of the last layer.
 * Reduction is PyTorch's 'mean' (over all elements, or over the batch for CrossEntropy/NLL/KLDiv).
 * `output` and `targets` say what the prediction and the target are (see LossOutput, LossTargets).
 */
export interface Loss {
  readonly name: string;
  readonly output: LossOutput;
  readonly targets: LossTargets;
  /** A label value marking positions the loss leaves out (CrossEntropyLoss); metrics skip them too. */
  readonly ignoreIndex?: number;
  forward(prediction: Tensor, target: Tensor): number;
  backward(): Tensor;
  /** JSON-safe; round-trips through buildLoss (a registered type's config included). */
  toConfig(): LossConfig | CustomLossConfig;
}
