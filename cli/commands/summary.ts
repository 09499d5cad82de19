import { loadModel, Sequential } from '../../src';
import { loadConfig } from '../../src/config';
import { buildModel } from '../buildModel';
import { print } from '../format';
import { UsageError } from '../run';
import { readMetadata } from '../task';

export interface SummaryOptions {
  config?: string;
  model?: string;
}

/** kubiki summary: the layer table (shapes, parameter counts) of a config or of a trained model. */
export function summary(options: SummaryOptions): void {
  if ((options.config === undefined) === (options.model === undefined)) {
    throw new UsageError('summary: expected exactly one of --config <file> or --model <file>');
  }
  if (options.config !== undefined) {
    const config = loadConfig(options.config);
    const model = buildModel(config, config.training.seed);
    print(model.summary(config.model.inputShape));
    print(`Loss: ${config.loss.type} - optimizer: ${JSON.stringify(config.optimizer)}`);
    return;
  }
  const file = options.model as string;
  const model = loadModel(file);
  const meta = readMetadata(model, file);
  print(model instanceof Sequential ? model.summary(meta.inputShape) : model.summary());
  print(`Task: ${meta.task} (${meta.loss.type}) - normalisation: ${meta.normalizer.type}`);
  if (meta.classes) print(`Classes: ${meta.classes.join(', ')}`);
  if (meta.text) {
    const { characters } = meta.text.vocabulary;
    print(`Language model: ${characters.length + 2} tokens (padding, end of word, ${JSON.stringify(characters.join(''))}); kubiki sample draws words`);
  }
}
