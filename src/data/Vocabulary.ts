import { DataError } from '../errors';

/**
 * The tokens of a character-level language model. Token 0 is padding (after a word's end; an
 * `Embedding` with `paddingIdx: 0` keeps it a zero vector), token 1 marks the end of a word and is
 * also the first input of every word (the start), and token 2 + i is `characters[i]`. It is saved
 * in the model file's metadata, so sampling and evaluation read text exactly as training did.
 */
export interface Vocabulary {
  /** The distinct characters (Unicode code points) of the training text, sorted. */
  readonly characters: readonly string[];
}

/** Token of the padding after a word's end (its target is the loss's ignoreIndex). */
export const PAD_TOKEN = 0;
/** Token of the end of a word; also the input at the first step. */
export const END_TOKEN = 1;
/** Tokens before the first character. */
const SPECIAL_TOKENS = 2;

/** The vocabulary of `words`: every code point that occurs, sorted by code point. */
export function buildVocabulary(words: Iterable<string>): Vocabulary {
  const seen = new Set<string>();
  for (const word of words) for (const ch of word) seen.add(ch);
  return { characters: [...seen].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number)) };
}

/** The number of tokens: the characters and the two special tokens (the model's output size). */
export function vocabularySize(vocabulary: Vocabulary): number {
  return vocabulary.characters.length + SPECIAL_TOKENS;
}

/** Character → token, for encoding. */
export function tokenTable(vocabulary: Vocabulary): ReadonlyMap<string, number> {
  return new Map(vocabulary.characters.map((ch, i) => [ch, i + SPECIAL_TOKENS]));
}

/** Token → character ('' for the special tokens), for decoding. */
export function characterOf(vocabulary: Vocabulary, token: number): string {
  return token >= SPECIAL_TOKENS ? (vocabulary.characters[token - SPECIAL_TOKENS] ?? '') : '';
}

/** Checks a vocabulary read from a model file (untrusted JSON); `where` names it in the error. */
export function checkVocabulary(value: unknown, where: string): Vocabulary {
  const characters = (value as { characters?: unknown } | null)?.characters;
  const valid =
    Array.isArray(characters) &&
    characters.every((ch) => typeof ch === 'string' && [...ch].length === 1) &&
    new Set(characters).size === characters.length;
  if (!valid) {
    throw new DataError(`${where}: expected a vocabulary { "characters": [distinct single characters] }, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return { characters: [...(characters as string[])] };
}
