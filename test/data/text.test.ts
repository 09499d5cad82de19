import { encodeText } from '../../src/data/encodeText';
import { parseTextLines, takeLines } from '../../src/data/loadText';
import { buildVocabulary, checkVocabulary, characterOf, END_TOKEN, PAD_TOKEN, vocabularySize } from '../../src/data/Vocabulary';
import { ConfigError, DataError } from '../../src/errors';

describe('parseTextLines', () => {
  it('keeps each non-empty line as written, with its file line (CRLF, blank lines, byte-order mark)', () => {
    const text = parseTextLines('\ufeffcat\r\n\r\nice cream\ndog\n\n', 'w.txt');
    expect(text.words).toEqual(['cat', 'ice cream', 'dog']);
    expect(text.lines).toEqual([1, 3, 4]);
    expect(takeLines(text, [2, 0])).toEqual({ file: 'w.txt', words: ['dog', 'cat'], lines: [4, 1] });
  });

  it('refuses an empty file', () => {
    expect(() => parseTextLines('\n\n', 'w.txt')).toThrow(new DataError('w.txt: expected lines of text (one word a line), got an empty file'));
  });
});

describe('Vocabulary', () => {
  it('lists the code points of the text in order after padding (0) and end of word (1)', () => {
    const vocabulary = buildVocabulary(['bca', 'é😀a']);
    expect(vocabulary.characters).toEqual(['a', 'b', 'c', 'é', '😀']);
    expect(vocabularySize(vocabulary)).toBe(7);
    expect([PAD_TOKEN, END_TOKEN]).toEqual([0, 1]);
    expect([0, 1, 2, 6].map((t) => characterOf(vocabulary, t))).toEqual(['', '', 'a', '😀']);
  });

  it('checks a vocabulary read from a model file', () => {
    expect(checkVocabulary({ characters: ['a', 'b'] }, 'm.json')).toEqual({ characters: ['a', 'b'] });
    expect(() => checkVocabulary({ characters: ['a', 'ab'] }, 'm.json: metadata.text.vocabulary')).toThrow(
      'm.json: metadata.text.vocabulary: expected a vocabulary { "characters": [distinct single characters] }, got {"characters":["a","ab"]}',
    );
    expect(() => checkVocabulary({ characters: ['a', 'a'] }, 'm')).toThrow(DataError);
    expect(() => checkVocabulary(undefined, 'm')).toThrow(DataError);
  });
});

describe('encodeText', () => {
  const text = parseTextLines('ab\nb\n', 'w.txt');
  const vocabulary = buildVocabulary(text.words); // a → 2, b → 3

  it('shifts every word by one step: inputs start with END, targets end with END, padding targets are ignoreIndex', () => {
    const data = encodeText(text, vocabulary, { length: 4, ignoreIndex: -100 });
    expect(data.x.shape).toEqual([2, 4]);
    expect(Array.from(data.x.data)).toEqual([1, 2, 3, 0, /**/ 1, 3, 0, 0]);
    expect(Array.from(data.y.data)).toEqual([2, 3, 1, -100, /**/ 3, 1, -100, -100]);
    expect(data.characters).toBe(5); // (2 + 1) + (1 + 1)
    expect(Array.from(data.counts)).toEqual([3, 2]);
  });

  it('fits a word of length − 1 characters exactly, and names file:line and the setting for a longer one', () => {
    expect(Array.from(encodeText(text, vocabulary, { length: 3, ignoreIndex: 0 }).y.data)).toEqual([2, 3, 1, 3, 1, 0]);
    expect(() => encodeText(text, vocabulary, { length: 2, ignoreIndex: -1, lengthSource: 'model.inputShape [2]' })).toThrow(
      new DataError('w.txt:1: expected at most 1 characters a line (sequences of 2 steps (model.inputShape [2]), one of them the end of the word), got 2 in "ab"'),
    );
  });

  it('names file:line:column of a character outside the vocabulary', () => {
    const other = parseTextLines('ba\nbac\n', 'test.txt');
    expect(() => encodeText(other, vocabulary, { length: 5, ignoreIndex: -1 })).toThrow(
      new DataError('test.txt:2:3: character "c" is not in the vocabulary (the characters of the training text: "ab")'),
    );
  });

  it('refuses an ignoreIndex that is a real token', () => {
    expect(() => encodeText(text, vocabulary, { length: 4, ignoreIndex: 2 })).toThrow(
      new ConfigError('encodeText: expected ignoreIndex to be an integer outside the tokens 1..3 (e.g. -100, or 0 for padding), got 2'),
    );
  });
});
