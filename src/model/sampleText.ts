import { characterOf, END_TOKEN, vocabularySize, type Vocabulary } from '../data/Vocabulary';
import { ShapeError, formatShape } from '../errors';
import { sampleRows } from '../kernels';
import { createRng } from '../tensor/rng';
import { Tensor } from '../tensor/Tensor';
import { positiveInt, positiveNumber, finiteNumber } from '../validate';

/** A model that maps tokens [rows, steps] to scores [rows, steps, tokens] (a Sequential or any graph). */
export interface TextModel {
  predict(x: Tensor): Tensor;
  readonly metadata?: Record<string, unknown>;
}

export interface SampleTextOptions {
  /** Words to draw (1). */
  readonly count?: number;
  /** Seeds the draws (0): the same seed, model and options give the same words. */
  readonly seed?: number;
  /** Divides the scores before the softmax (1): below 1 sharper, more common words; above 1 flatter, stranger ones. */
  readonly temperature?: number;
  /**
   * Characters after which an unfinished word is cut (returned as drawn so far). Default: the training length minus its end
   * token (`model.metadata.inputShape[0] − 1`, which `kubiki train` stores), else 32.
   */
  readonly maxLength?: number;
}

/**
 * Draws words from a character-level language model trained on {@link encodeText}'s encoding.
 * Every word starts from the end-of-word token; at step t the model reads the t + 1 tokens so far
 * and the next token is drawn from softmax(scores_t / temperature) over the real tokens (padding
 * excluded); a word ends when the end-of-word token is drawn. All words advance together, one
 * forward pass per step.
 */
export function sampleText(model: TextModel, vocabulary: Vocabulary, options: SampleTextOptions = {}): string[] {
  const count = positiveInt('sampleText', 'count', options.count ?? 1);
  const temperature = positiveNumber('sampleText', 'temperature', options.temperature ?? 1);
  const seed = finiteNumber('sampleText', 'seed', options.seed ?? 0);
  const maxLength = positiveInt('sampleText', 'maxLength', options.maxLength ?? defaultMaxLength(model));
  const tokens = vocabularySize(vocabulary);
  const rng = createRng(seed);
  const words = Array.from({ length: count }, () => '');
  const done = new Uint8Array(count);
  let remaining = count;
  let sequence = Tensor.zeros([count, 1]);
  sequence.data.fill(END_TOKEN);
  const uniforms = new Float64Array(count);
  const drawn = new Int32Array(count);
  for (let t = 0; t < maxLength && remaining > 0; t++) {
    const scores = model.predict(sequence);
    if (scores.rank !== 3 || scores.shape[0] !== count || scores.shape[1] !== t + 1 || scores.shape[2] !== tokens) {
      throw new ShapeError(
        `sampleText: expected the model to map tokens ${formatShape(sequence.shape)} to scores ${formatShape([count, t + 1, tokens])} ` +
          `(one per token of the vocabulary at every step), got ${formatShape(scores.shape)}`,
      );
    }
    for (let r = 0; r < count; r++) uniforms[r] = rng.next();
    sampleRows(scores.data, t * tokens, (t + 1) * tokens, count, tokens, END_TOKEN, temperature, uniforms, drawn);
    const next = Tensor.zeros([count, t + 2]);
    for (let r = 0; r < count; r++) {
      next.data.set(sequence.data.subarray(r * (t + 1), (r + 1) * (t + 1)), r * (t + 2));
      const token = drawn[r] as number;
      next.data[r * (t + 2) + t + 1] = token;
      if (done[r]) continue;
      if (token === END_TOKEN) {
        done[r] = 1;
        remaining--;
      } else {
        words[r] += characterOf(vocabulary, token);
      }
    }
    sequence = next;
  }
  return words;
}

function defaultMaxLength(model: TextModel): number {
  const shape = model.metadata?.inputShape;
  const steps = Array.isArray(shape) ? shape[0] : undefined;
  return typeof steps === 'number' && Number.isInteger(steps) && steps > 1 ? steps - 1 : 32;
}
