import type { TextData } from '../data/encodeText';
import { DataError } from '../errors';
import { sum } from '../kernels';
import type { Loss } from '../losses/Loss';
import type { Tensor } from '../tensor/Tensor';
import { positiveInt } from '../validate';
import { rowsView } from './evaluate';

/** A model evaluated batch by batch (a Sequential or any graph with forward and train/eval). */
export interface EvaluatedModel {
  readonly training: boolean;
  forward(x: Tensor): Tensor;
  train(): unknown;
  eval(): unknown;
}

/**
 * The cross-entropy of a language model on encoded text in nats per character, end of word
 * counted: the mean of −log p(target) over every counted target of every word,
 *   H = Σ_b L_b·n_b / Σ_b n_b
 * where L_b is the loss's mean over batch b's n_b counted targets (CrossEntropyLoss with the
 * ignoreIndex the padding targets carry). Exact for any batch size; runs in eval mode.
 */
export function textCrossEntropy(model: EvaluatedModel, data: TextData, loss: Loss, options: { batchSize?: number } = {}): number {
  const batchSize = positiveInt('textCrossEntropy', 'batchSize', options.batchSize ?? 256);
  const n = data.x.shape[0] as number;
  if (n === 0 || data.characters === 0) throw new DataError('textCrossEntropy: expected at least one word, got none');
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const output = model.forward(rowsView(data.x, start, end));
      total += loss.forward(output, rowsView(data.y, start, end)) * sum(data.counts.subarray(start, end));
    }
  } finally {
    if (wasTraining) model.train();
  }
  return total / data.characters;
}
