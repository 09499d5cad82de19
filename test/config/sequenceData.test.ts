import { validateConfig } from '../../src/config/loadConfig';
import { ConfigError } from '../../src/errors';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sequenceConfig = (): Json => ({
  model: { layers: [{ type: 'LSTM', hiddenSize: 4 }, { type: 'Linear', outputSize: 1 }] },
  loss: { type: 'MSELoss' },
  optimizer: { type: 'Adam' },
  data: { train: 'sine.csv', label: 'next', sequence: { steps: 20 } },
});

const textConfig = (): Json => ({
  model: { inputShape: [13], layers: [{ type: 'Embedding', numEmbeddings: 28, embeddingDim: 8 }, { type: 'LSTM', hiddenSize: 8, returnSequences: true }] },
  loss: { type: 'CrossEntropyLoss', ignoreIndex: -100 },
  optimizer: { type: 'Adam' },
  data: { text: 'words.txt', validationSplit: 0.1 },
});

const errorOf = (config: Json): string => {
  try {
    validateConfig(config, '/cfg/model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('validateConfig: sequence CSV data (data.sequence)', () => {
  it('makes model.inputShape [steps, features] (features default 1) and infers the LSTM input size', () => {
    const config = validateConfig(sequenceConfig(), '/cfg/model.json');
    expect(config.model.inputShape).toEqual([20, 1]);
    expect(config.data.sequence).toEqual({ steps: 20, features: 1 });
    expect(config.model.layers[0]).toMatchObject({ type: 'LSTM', inputSize: 1, hiddenSize: 4 });
    expect(config.model.shapes).toEqual([[1, 4], [1, 1]]);
  });

  it('accepts a matching model.inputShape and names both keys when they disagree', () => {
    const matching = sequenceConfig();
    matching.model.inputShape = [10, 2];
    matching.data.sequence = { steps: 10, features: 2 };
    expect(validateConfig(matching, '/cfg/model.json').model.layers[0]).toMatchObject({ inputSize: 2 });
    const config = sequenceConfig();
    config.model.inputShape = [20];
    expect(errorOf(config)).toContain(
      'data.sequence: { steps: 20, features: 1 } makes samples of shape [20, 1], but model.inputShape is [20]; remove model.inputShape or make them match',
    );
  });

  it('checks steps and features', () => {
    const config = sequenceConfig();
    config.data.sequence = { steps: 0, feature: 2 };
    const message = errorOf(config);
    expect(message).toContain('data.sequence.steps: expected a positive integer, got 0');
    expect(message).toContain('data.sequence.feature: unknown key "feature"; did you mean "features"?');
  });
});

describe('validateConfig: text data (data.text)', () => {
  it('resolves the text path and leaves train unset', () => {
    const config = validateConfig(textConfig(), '/cfg/model.json');
    expect(config.data).toMatchObject({ text: '/cfg/words.txt', train: undefined, validationSplit: 0.1 });
    expect(config.model.shapes).toEqual([[1, 13, 8], [1, 13, 8]]);
  });

  it('wants exactly one of data.train and data.text', () => {
    const neither = textConfig();
    delete neither.data.text;
    expect(errorOf(neither)).toBe(
      '/cfg/model.json: data.train: missing; expected a file path (a CSV file), or data.text for a text file of one word a line',
    );
    const both = textConfig();
    both.data.train = 'x.csv';
    expect(errorOf(both)).toContain('data.text: expected either data.train (a CSV file) or data.text (a text file of lines), got both');
  });

  it('refuses CSV-only keys, a missing or multi-axis inputShape, and a loss that cannot skip padding', () => {
    const csvKeys = textConfig();
    csvKeys.data.label = 'word';
    csvKeys.data.normalize = 'standard';
    const message = errorOf(csvKeys);
    expect(message).toContain('data.label: applies to CSV data (data.train), not to data.text; remove it');
    expect(message).toContain('data.normalize: applies to CSV data (data.train), not to data.text; remove it');

    const noShape = textConfig();
    delete noShape.model.inputShape;
    expect(errorOf(noShape)).toBe(
      '/cfg/model.json: model.inputShape: missing; for data.text give the steps of one sequence, e.g. [13] for words of up to 12 characters and their end',
    );
    const twoAxes = textConfig();
    twoAxes.model.inputShape = [13, 1];
    expect(errorOf(twoAxes)).toContain('model.inputShape: expected [steps] for data.text');

    const regression = textConfig();
    regression.loss = { type: 'MSELoss' };
    expect(errorOf(regression)).toContain(
      'loss.type: data.text trains next-character prediction on the last layer\'s scores; expected "CrossEntropyLoss" (with ignoreIndex), got "MSELoss"',
    );
    const noIgnore = textConfig();
    noIgnore.loss = { type: 'CrossEntropyLoss' };
    expect(errorOf(noIgnore)).toContain('loss.ignoreIndex: missing; data.text pads every word to model.inputShape steps');
  });
});
