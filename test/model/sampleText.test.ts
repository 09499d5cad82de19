import { buildVocabulary, END_TOKEN } from '../../src/data/Vocabulary';
import { ConfigError, ShapeError } from '../../src/errors';
import { sampleText, type TextModel } from '../../src/model/sampleText';
import { Tensor } from '../../src/tensor/Tensor';

const vocabulary = buildVocabulary(['ab']); // tokens: 0 pad, 1 end, 2 a, 3 b

/** A bigram "model": the scores at each step depend only on the token read there. */
function bigram(table: Record<number, number[]>): TextModel & { calls: number[][] } {
  const calls: number[][] = [];
  return {
    calls,
    predict(x: Tensor): Tensor {
      const [rows, steps] = x.shape as [number, number];
      calls.push([rows, steps]);
      const out = Tensor.zeros([rows, steps, 4]);
      for (let i = 0; i < rows * steps; i++) out.data.set(table[x.data[i] as number] as number[], i * 4);
      return out;
    },
  };
}

describe('sampleText', () => {
  it('follows a deterministic chain to the end token: start → a → b → end', () => {
    const model = bigram({ [END_TOKEN]: [0, -50, 50, -50], 2: [0, -50, -50, 50], 3: [0, 50, -50, -50], 0: [0, 0, 0, 0] });
    expect(sampleText(model, vocabulary, { count: 3 })).toEqual(['ab', 'ab', 'ab']);
    expect(model.calls).toEqual([[3, 1], [3, 2], [3, 3]]); // one pass per step, all words together
  });

  it('never draws padding even when the model scores it highest', () => {
    const model = bigram({ [END_TOKEN]: [1000, -50, 50, -50], 2: [1000, 50, -50, -50], 0: [0, 0, 0, 0], 3: [0, 0, 0, 0] });
    expect(sampleText(model, vocabulary, { count: 2 })).toEqual(['a', 'a']);
  });

  it('is reproducible by seed, and draws in proportion to softmax(scores / temperature)', () => {
    // After the start: p(a) = 0.75, p(end) = 0.25 at T = 1; after a: always end.
    const scores = { [END_TOKEN]: [0, Math.log(1), Math.log(3), -1e9], 2: [0, 0, -1e9, -1e9], 0: [0, 0, 0, 0], 3: [0, 0, 0, 0] };
    const model = bigram(scores);
    const words = sampleText(model, vocabulary, { count: 4000, seed: 7 });
    expect(sampleText(bigram(scores), vocabulary, { count: 4000, seed: 7 })).toEqual(words);
    expect(sampleText(bigram(scores), vocabulary, { count: 4000, seed: 8 })).not.toEqual(words);
    const share = (list: string[]) => list.filter((w) => w === 'a').length / list.length;
    expect(share(words)).toBeGreaterThan(0.73); // 0.75 ± 3σ (σ ≈ 0.007)
    expect(share(words)).toBeLessThan(0.77);
    // T = 0.5: p(a) = 9 / 10
    const sharp = sampleText(bigram(scores), vocabulary, { count: 4000, seed: 7, temperature: 0.5 });
    expect(share(sharp)).toBeGreaterThan(0.885);
    expect(share(sharp)).toBeLessThan(0.915);
  });

  it('cuts a word at maxLength, by default the training length from the metadata', () => {
    const forever = bigram({ [END_TOKEN]: [0, -50, 50, -50], 2: [0, -50, 50, -50], 0: [0, 0, 0, 0], 3: [0, 0, 0, 0] });
    expect(sampleText(forever, vocabulary, { maxLength: 5 })).toEqual(['aaaaa']);
    expect(sampleText(Object.assign(forever, { metadata: { inputShape: [4] } }), vocabulary)).toEqual(['aaa']);
  });

  it('checks its options and the shape of the scores', () => {
    const model = bigram({});
    expect(() => sampleText(model, vocabulary, { temperature: 0 })).toThrow(
      new ConfigError('sampleText: expected temperature to be a positive number, got 0'),
    );
    expect(() => sampleText(model, vocabulary, { count: 1.5 })).toThrow(ConfigError);
    const wrong: TextModel = { predict: (x) => Tensor.zeros([x.shape[0] as number, 3]) };
    expect(() => sampleText(wrong, vocabulary, { count: 2 })).toThrow(
      new ShapeError('sampleText: expected the model to map tokens [2, 1] to scores [2, 1, 4] (one per token of the vocabulary at every step), got [2, 3]'),
    );
  });
});
