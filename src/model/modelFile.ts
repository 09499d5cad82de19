import { DataError } from '../errors';
import { Model, type AnyModel } from '../graph/Model';
import type { GraphDocument } from '../graph/graphDocument';
import type { Layer } from '../layers/Layer';
import { platform } from '../platform';
import { readText } from '../util/readFile';
import { prefixError } from './prefixError';
import { Sequential } from './Sequential';
import type { ModelDocument } from './serialize';

/** What saveModel writes: a Sequential, a graph Model, or any other layer (saved as a Sequential of it). */
export type SavableModel = Sequential | AnyModel | Layer;

/**
 * Writes the model as JSON atomically: into a temporary file in the same directory, then renamed
 * over `path`, so a crash or a full disk never leaves a half-written model (and an existing file
 * stays intact until the new one is complete). Creates the parent directory. A Sequential is
 * written as a version-1 file (`layers`), a graph Model as version 2 (`graph`); any other layer as
 * a Sequential holding it (its parameter names get the prefix "0.").
 */
export function saveModel(model: SavableModel, path: string): void {
  const files = platform.files('saveModel');
  let text: string;
  let document: ModelDocument | GraphDocument;
  try {
    document = documentOf(model);
  } catch (error) {
    // A layer nobody could rebuild (an unregistered user type): its own error, naming the file.
    throw prefixError(error, `saveModel "${path}"`);
  }
  try {
    text = JSON.stringify(document);
  } catch (error) {
    throw new DataError(`saveModel: cannot serialise the model for "${path}": ${(error as Error).message}; is model.metadata plain JSON?`);
  }
  files.writeAtomic(path, text, 'saveModel');
}

/** Reads a model file written by saveModel: a Sequential, or a Model for a graph; every problem is a DataError naming the file. */
export function loadModel(path: string): Sequential | Model {
  const text = readText(path, (reason) => new DataError(`loadModel: cannot read "${path}": ${reason}`), 'loadModel');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new DataError(
      `${path}: expected a kubiki model file (JSON), but it does not parse: ${(error as Error).message}; is it truncated?`,
    );
  }
  return modelFromDocument(document, path);
}

/** A Sequential or a graph Model from a parsed model document, whichever it holds. */
export function modelFromDocument(document: unknown, where = 'model'): Sequential | Model {
  const isGraph = typeof document === 'object' && document !== null && 'graph' in document;
  return isGraph ? Model.fromJSON(document, where) : Sequential.fromJSON(document, where);
}

export function documentOf(model: SavableModel): ModelDocument | GraphDocument {
  if (model instanceof Sequential || model instanceof Model) return model.toJSON();
  const wasTraining = model.training;
  const document = new Sequential([model]).toJSON();
  model.training = wasTraining;
  return document;
}
