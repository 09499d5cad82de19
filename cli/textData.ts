import {
  buildVocabulary,
  DataError,
  encodeText,
  loadText,
  splitIndices,
  takeLines,
  textCrossEntropy,
  vocabularySize,
  type Sequential,
  type TextData,
  type Vocabulary,
} from '../src';
import type { KubikiConfig } from '../src/config';
import { formatShape } from '../src/errors';
import { fmt } from './format';
import type { TrainingData } from './trainingData';

/** What a language model's file keeps besides the CLI metadata: its tokens and the padding target. */
export interface TextMetadata {
  readonly vocabulary: Vocabulary;
  readonly ignoreIndex: number;
}

/**
 * A text file of lines for a character-level language model (data.text): the vocabulary is every
 * character of the file; each line becomes model.inputShape[0] steps of next-character prediction
 * (encodeText); data.validationSplit holds out words by a seeded shuffle, and the result is their
 * cross-entropy in nats per character, end of word counted.
 */
export function textTrainingData(config: KubikiConfig, model: Sequential): TrainingData {
  const file = config.data.text as string;
  const all = loadText(file);
  const vocabulary = buildVocabulary(all.words);
  const tokens = vocabularySize(vocabulary);
  const length = config.model.inputShape[0] as number;
  const ignoreIndex = (config.loss as { ignoreIndex?: number }).ignoreIndex as number;
  const encode = (text: typeof all): TextData =>
    encodeText(text, vocabulary, { length, ignoreIndex, lengthSource: `model.inputShape ${formatShape(config.model.inputShape)}` });
  encode(all); // every line is checked (length, file:line) before the split
  checkModel(config, model, file, vocabulary);
  const split = splitIndices(all.words.length, config.data.validationSplit, config.training.seed);
  const train = encode(takeLines(all, split.train));
  const heldOut = split.validation.length > 0 ? encode(takeLines(all, split.validation)) : undefined;
  const test = config.data.test === undefined ? undefined : encode(loadText(config.data.test));
  return {
    x: train.x,
    y: train.y,
    validation: heldOut ? [heldOut.x, heldOut.y] : undefined,
    metrics: [],
    description:
      `Training on ${train.x.shape[0]} lines of ${file}` +
      (heldOut ? `, holding out ${heldOut.x.shape[0]}` : '') +
      ` (language model: ${tokens} tokens = padding, end of word and ${vocabulary.characters.length} characters; ${length} steps)`,
    metadata: {
      task: 'classification',
      loss: config.loss,
      inputShape: [...config.model.inputShape],
      features: [],
      label: undefined,
      labelColumn: 'last',
      classes: undefined,
      normalizer: { type: 'none' },
      text: { vocabulary, ignoreIndex },
    },
    results(trained, loss) {
      const lines: string[] = [];
      const report = (what: string, data: TextData): void => {
        lines.push(
          `${what}: cross-entropy ${fmt(textCrossEntropy(trained, data, loss))} nats per character ` +
            `(${data.x.shape[0]} words, ${data.characters} characters with their ends)`,
        );
      };
      if (heldOut) report('Held out', heldOut);
      if (test) report(`Test (${config.data.test})`, test);
      return lines;
    },
  };
}

/** The network must read tokens and score every token at every step. */
function checkModel(config: KubikiConfig, model: Sequential, file: string, vocabulary: Vocabulary): void {
  const tokens = vocabularySize(vocabulary);
  const what = `${tokens} tokens: padding, end of word and the ${vocabulary.characters.length} characters of ${file}`;
  const first = config.model.layers[0] as { type: string; numEmbeddings?: unknown };
  if (typeof first.numEmbeddings === 'number' && first.numEmbeddings < tokens) {
    throw new DataError(`model.layers[0].numEmbeddings: expected at least ${tokens} (${what}), got ${first.numEmbeddings}`);
  }
  const length = config.model.inputShape[0] as number;
  const shape = model.outputShape([1, length]);
  if (shape.length !== 3 || shape[2] !== tokens) {
    throw new DataError(
      `model: expected the last layer to score every token at every step, [batch, ${length}, ${tokens}] (${what}), ` +
        `got ${formatShape(shape).replace(/^\[1/, '[batch')}; set the last layer's outputSize to ${tokens}`,
    );
  }
}
