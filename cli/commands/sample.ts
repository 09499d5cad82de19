import { DataError, loadModel, sampleText } from '../../src';
import { print } from '../format';
import { readMetadata } from '../task';

export interface SampleOptions {
  model: string;
  count?: number;
  seed?: number;
  temperature?: number;
  maxLength?: number;
}

/**
 * kubiki sample: draws words from a language model trained on data.text, one per line. The drawing
 * is the library's sampleText (seeded; softmax with temperature); the vocabulary comes from the
 * model file. Words are cut at --max-length characters (default: the longest the model was trained on).
 */
export function sample(options: SampleOptions): void {
  const model = loadModel(options.model);
  const meta = readMetadata(model, options.model);
  if (!meta.text) {
    throw new DataError(
      `${options.model}: expected a language model (trained on data.text, with metadata.text.vocabulary), got a ${meta.task} model without a vocabulary`,
    );
  }
  const words = sampleText(model, meta.text.vocabulary, {
    count: options.count ?? 10,
    seed: options.seed ?? 0,
    temperature: options.temperature ?? 1,
    maxLength: options.maxLength ?? Math.max(1, (meta.inputShape[0] as number) - 1),
  });
  for (const word of words) print(word);
}
