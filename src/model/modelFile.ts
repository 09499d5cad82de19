import { DataError } from '../errors';
import { atomicWrite } from '../util/atomicWrite';
import { prefixError } from './prefixError';
import { Sequential } from './Sequential';
import { readText } from '../util/readFile';

/**
 * Writes the model as JSON atomically: into a temporary file in the same directory, then renamed
 * over `path`, so a crash or a full disk never leaves a half-written model (and an existing file
 * stays intact until the new one is complete). Creates the parent directory.
 */
export function saveModel(model: Sequential, path: string): void {
  let text: string;
  let document: ReturnType<Sequential['toJSON']>;
  try {
    document = model.toJSON();
  } catch (error) {
    // A layer nobody could rebuild (an unregistered user type): its own error, naming the file.
    throw prefixError(error, `saveModel "${path}"`);
  }
  try {
    text = JSON.stringify(document);
  } catch (error) {
    throw new DataError(`saveModel: cannot serialise the model for "${path}": ${(error as Error).message}; is model.metadata plain JSON?`);
  }
  atomicWrite(path, text, 'saveModel');
}

/** Reads a model file written by saveModel; every problem is a DataError naming the file and what is wrong. */
export function loadModel(path: string): Sequential {
  const text = readText(path, (reason) => new DataError(`loadModel: cannot read "${path}": ${reason}`));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new DataError(
      `${path}: expected a kubiki model file (JSON), but it does not parse: ${(error as Error).message}; is it truncated?`,
    );
  }
  return Sequential.fromJSON(document, path);
}
