import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuilt, filesIn, kubiki, removeTempDirs, tempDir, writeIn } from './runCli';

/*
 * The CLI's sequence data forms end to end: a text file of lines for a language model (train with
 * a held-out cross-entropy, sample, evaluate) and a CSV whose columns are time steps.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every 40th word of words.txt (1,514 words): small enough to train in seconds. */
function wordSample(dir: string): string {
  const words = readFileSync(join(ROOT, 'examples/words/words.txt'), 'utf8').trim().split('\n');
  return writeIn(dir, 'words.txt', `${words.filter((_, i) => i % 40 === 0).join('\n')}\n`);
}

function textConfig(text: string, out: string): Json {
  return {
    model: {
      inputShape: [13],
      layers: [
        { type: 'Embedding', numEmbeddings: 28, embeddingDim: 8, paddingIdx: 0 },
        { type: 'LSTM', hiddenSize: 16, returnSequences: true },
        { type: 'Linear', outputSize: 28 },
      ],
    },
    loss: { type: 'CrossEntropyLoss', ignoreIndex: -100 },
    optimizer: { type: 'Adam', lr: 0.01 },
    data: { text, validationSplit: 0.1 },
    training: { epochs: 3, batchSize: 32, seed: 0 },
    output: { model: join(out, 'lm.kubiki.json'), history: join(out, 'history.csv') },
  };
}

describe('kubiki: a language model on a text file of lines (data.text)', () => {
  let dir = '';
  let words = '';
  let modelFile = '';
  let trained = { code: 0 as number | null, stdout: '', stderr: '' };

  afterAll(removeTempDirs);
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir();
    words = wordSample(dir);
    trained = kubiki('train', '--config', writeIn(dir, 'model.json', textConfig(words, join(dir, 'out'))));
    modelFile = join(dir, 'out', 'lm.kubiki.json');
  }, 180_000);

  it('trains, reports the held-out cross-entropy in nats per character and saves the vocabulary', () => {
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain(`Training on 1363 lines of ${words}, holding out 151 (language model: 28 tokens = padding, end of word and 26 characters; 13 steps)`);
    const heldOut = /Held out: cross-entropy ([\d.]+) nats per character \(151 words, (\d+) characters with their ends\)/.exec(trained.stdout);
    expect(heldOut).not.toBeNull();
    // Three short epochs on 1,363 words: well below the uniform 3.26 (= ln 26), above the full example's 1.85.
    expect(Number(heldOut?.[1])).toBeLessThan(2.9);
    expect(Number(heldOut?.[1])).toBeGreaterThan(1.85);
    const saved = JSON.parse(readFileSync(modelFile, 'utf8'));
    expect(saved.metadata.text).toEqual({ vocabulary: { characters: [...'abcdefghijklmnopqrstuvwxyz'] }, ignoreIndex: -100 });
    expect(saved.metadata.inputShape).toEqual([13]);

    // evaluate on the same file: every word counted, the same unit.
    const evaluated = JSON.parse(kubiki('evaluate', '--model', modelFile, '--data', words, '--json').stdout);
    expect(evaluated.rows).toBe(1514);
    expect(evaluated.natsPerCharacter).toBeGreaterThan(1.5);
    expect(evaluated.natsPerCharacter).toBeLessThan(2.9);
  });

  it('sample draws words by seed: the same seed gives the same words, another seed others', () => {
    const first = kubiki('sample', '--model', modelFile, '--count', '8', '--seed', '3');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const word of lines) expect(word).toMatch(/^[a-z]{0,12}$/);
    expect(kubiki('sample', '--model', modelFile, '--count', '8', '--seed', '3').stdout).toBe(first.stdout);
    expect(kubiki('sample', '--model', modelFile, '--count', '8', '--seed', '4').stdout).not.toBe(first.stdout);
    const short = kubiki('sample', '--model', modelFile, '--count', '20', '--max-length', '2', '--temperature', '2');
    for (const word of short.stdout.trimEnd().split('\n')) expect(word.length).toBeLessThanOrEqual(2);
  });

  it('sample and predict refuse the wrong kind of model or option', () => {
    expect(kubiki('sample', '--model', modelFile, '--temperature', '0')).toMatchObject({ code: 2 });
    const predicted = kubiki('predict', '--model', modelFile, '--data', words);
    expect(predicted.code).toBe(2);
    expect(predicted.stderr).toContain('this is a language model; draw words with kubiki sample');
  });

  it('gradcheck feeds an Embedding-first network random tokens and labels at every step', () => {
    const small = textConfig(words, join(dir, 'unused'));
    small.model.inputShape = [5];
    small.model.layers[0].embeddingDim = 3;
    small.model.layers[1].hiddenSize = 4;
    const checked = kubiki('gradcheck', '--config', writeIn(dir, 'small.json', small), '--batch', '2');
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('All 14 gradients agree with central differences');
  });

  it('names file:line and the setting for a word too long, a character outside the vocabulary, and a model of the wrong size', () => {
    const bad = tempDir();
    const long = writeIn(bad, 'long.txt', 'cat\ndog\nabcdefghijklmn\n');
    const tooLong = kubiki('train', '--config', writeIn(bad, 'long.json', textConfig(long, join(bad, 'out'))));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toBe(
      `error: ${long}:3: expected at most 12 characters a line (sequences of 13 steps (model.inputShape [13]), one of them the end of the word), got 14 in "abcdefghijklmn"\n`,
    );
    const french = writeIn(bad, 'fr.txt', 'the\nété\n');
    const unknown = kubiki('evaluate', '--model', modelFile, '--data', french);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`error: ${french}:2:1: character "é" is not in the vocabulary (the characters of the training text: "abcdefghijklmnopqrstuvwxyz")\n`);

    const small = textConfig(words, join(bad, 'out'));
    small.model.layers[0].numEmbeddings = 20;
    const embedding = kubiki('train', '--config', writeIn(bad, 'small.json', small));
    expect(embedding.stderr).toBe('error: model.layers[0].numEmbeddings: expected at least 28 (28 tokens: padding, end of word and the 26 characters of ' + words + '), got 20\n');
    const narrow = textConfig(words, join(bad, 'out'));
    narrow.model.layers[2].outputSize = 27;
    const output = kubiki('train', '--config', writeIn(bad, 'narrow.json', narrow));
    expect(output.stderr).toContain("model: expected the last layer to score every token at every step, [batch, 13, 28]");
    expect(output.stderr).toContain("got [batch, 13, 27]; set the last layer's outputSize to 28");
    expect(filesIn(join(bad, 'out'))).toEqual([]);
  });
});

describe('kubiki: a CSV of time steps (data.sequence)', () => {
  afterAll(removeTempDirs);
  beforeAll(ensureBuilt, 120_000);

  const csv = (rows: number, steps: number) => {
    const header = [...Array.from({ length: steps }, (_, t) => `t${t + 1}`), 'next'].join(',');
    const lines = Array.from({ length: rows }, (_, r) => Array.from({ length: steps + 1 }, (_, t) => Math.sin(0.3 * (r + t)).toFixed(4)).join(','));
    return `${header}\n${lines.join('\n')}\n`;
  };
  const config = (train: string, out: string, sequence: Json): Json => ({
    model: { layers: [{ type: 'GRU', hiddenSize: 8 }, { type: 'Linear', outputSize: 1 }] },
    loss: { type: 'MSELoss' },
    optimizer: { type: 'Adam', lr: 0.01 },
    data: { train, label: 'next', sequence, normalize: 'standard' },
    training: { epochs: 2, batchSize: 16, seed: 0 },
    output: { model: join(out, 'model.kubiki.json'), history: join(out, 'history.csv') },
  });

  it('reads [steps, features] per row, normalises per feature over the steps, and evaluates', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'waves.csv', csv(60, 8));
    const trained = kubiki('train', '--config', writeIn(dir, 'model.json', config(data, dir, { steps: 4, features: 2 })));
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toContain('Training on 60 rows (sequences of 4 steps × 2 features, regression)');
    const saved = JSON.parse(readFileSync(join(dir, 'model.kubiki.json'), 'utf8'));
    expect(saved.metadata.inputShape).toEqual([4, 2]);
    const { mean } = saved.metadata.normalizer;
    expect(mean).toHaveLength(8);
    expect(mean.slice(2, 4)).toEqual(mean.slice(0, 2)); // one mean per feature, the same at every step
    const evaluated = JSON.parse(kubiki('evaluate', '--model', join(dir, 'model.kubiki.json'), '--data', data, '--json').stdout);
    expect(evaluated.rows).toBe(60);
  });

  it('names the file and data.sequence when the columns do not match', () => {
    const dir = tempDir();
    const data = writeIn(dir, 'waves.csv', csv(10, 7));
    const result = kubiki('train', '--config', writeIn(dir, 'model.json', config(data, join(dir, 'out'), { steps: 4, features: 2 })));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${data}: expected 8 feature columns (data.sequence: 4 steps × 2 features) besides the label, got 7\n`);
    writeFileSync(data, '');
  });
});
