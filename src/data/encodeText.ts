import { ConfigError, DataError } from '../errors';
import { Tensor } from '../tensor/Tensor';
import { positiveInt } from '../validate';
import type { TextLines } from './loadText';
import { END_TOKEN, PAD_TOKEN, tokenTable, vocabularySize, type Vocabulary } from './Vocabulary';

export interface EncodeTextOptions {
  /** Time steps of every sequence: a word of n characters needs n + 1 (its end-of-word target). */
  readonly length: number;
  /** The target of padding positions: the loss's `ignoreIndex`, never a real token. */
  readonly ignoreIndex: number;
  /** Names the setting behind `length` in errors, e.g. `model.inputShape [13]`. */
  readonly lengthSource?: string;
}

/** Next-character training data: inputs and targets [words, length], and the targets counted. */
export interface TextData {
  /** Token indices (stored as floats, as Embedding reads them): [words, length]. */
  readonly x: Tensor;
  /** The next token at every step, ignoreIndex after the end: [words, length]. */
  readonly y: Tensor;
  /** Targets that count (characters plus one end-of-word per word): the denominator of nats per character. */
  readonly characters: number;
  /** The counted targets of each word (its characters + 1), to weigh batches exactly. */
  readonly counts: Float64Array;
}

/**
 * Encodes words for next-character prediction. For a word c₁…cₙ, step t reads token x_t and
 * predicts y_t:
 *   x = [END, c₁, …, cₙ, PAD, …]        y = [c₁, …, cₙ, END, ignoreIndex, …]
 * (END doubles as the start token, as the word boundary.) The mean cross-entropy over the counted
 * targets is the cross-entropy in nats per character, end of word counted.
 */
export function encodeText(text: TextLines, vocabulary: Vocabulary, options: EncodeTextOptions): TextData {
  const length = positiveInt('encodeText', 'length', options.length);
  const ignoreIndex = options.ignoreIndex;
  if (!Number.isInteger(ignoreIndex) || (ignoreIndex >= END_TOKEN && ignoreIndex < vocabularySize(vocabulary))) {
    throw new ConfigError(
      `encodeText: expected ignoreIndex to be an integer outside the tokens 1..${vocabularySize(vocabulary) - 1} ` +
        `(e.g. -100, or ${PAD_TOKEN} for padding), got ${ignoreIndex}`,
    );
  }
  const tokens = tokenTable(vocabulary);
  const n = text.words.length;
  const x = Tensor.zeros([n, length]);
  const y = Tensor.zeros([n, length]);
  y.data.fill(ignoreIndex);
  let characters = 0;
  const counts = new Float64Array(n);
  text.words.forEach((word, r) => {
    const chars = [...word];
    if (chars.length + 1 > length) {
      const source = options.lengthSource ? ` (${options.lengthSource})` : '';
      throw new DataError(
        `${text.file}:${text.lines[r]}: expected at most ${length - 1} characters a line (sequences of ${length} steps${source}, ` +
          `one of them the end of the word), got ${chars.length} in ${JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word)}`,
      );
    }
    const row = r * length;
    x.data[row] = END_TOKEN;
    chars.forEach((ch, t) => {
      const token = tokens.get(ch);
      if (token === undefined) {
        throw new DataError(
          `${text.file}:${text.lines[r]}:${t + 1}: character ${JSON.stringify(ch)} is not in the vocabulary ` +
            `(the characters of the training text: ${JSON.stringify(vocabulary.characters.join(''))})`,
        );
      }
      y.data[row + t] = token;
      x.data[row + t + 1] = token; // t + 1 ≤ n < length
    });
    y.data[row + chars.length] = END_TOKEN;
    counts[r] = chars.length + 1;
    characters += chars.length + 1;
  });
  return { x, y, characters, counts };
}
