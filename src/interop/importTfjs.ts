import { DataError } from '../errors';
import { platform } from '../platform';
import type { Model } from '../graph/Model';
import { Sequential } from '../model/Sequential';
import { checkImportedMetadata } from './checkMetadata';
import { fromKerasLayers } from './fromKerasLayers';
import { fromKerasGraph } from './fromKerasGraph';
import { importedGraphMetadata, importedMetadata, type ImportOptions } from './importOptions';
import { readKerasModel } from './kerasGraph';
import { describe, isObject } from './kerasJson';
import { weightsByName } from './kerasWeightSource';
import { decodeWeights } from './weightsBinary';
import { readBytes, readText } from '../util/readFile';

/**
 * Reads a TensorFlow.js layers model (what `model.save('file://dir')`, `exportTfjs` and the Keras
 * converter write) into a kubiki Sequential, or a graph Model for a functional model (TF.js
 * "Model", Keras "Functional": several inputs and outputs, merge layers, shared layers; see
 * fromKerasGraph). `path` is the directory or its model.json. Weights may
 * be split into shards (group1-shard1of2.bin, …); the topology may be wrapped in the converter's
 * `model_config`. A layer or setting kubiki cannot reproduce is a DataError/ConfigError naming it.
 * The model's input shape (without the batch) is kept in `model.metadata.inputShape` (a graph of
 * one input too), next to the metadata exportTfjs stored in `userDefinedMetadata.kubiki`.
 */
export function importTfjs(path: string, options: ImportOptions = {}): Sequential | Model {
  const files = platform.files('importTfjs');
  const { dirname, join } = platform.path;
  const modelPath = files.isDirectory(path) ? join(path, 'model.json') : path;
  const where = `importTfjs: ${modelPath}`;
  const document = readJson(modelPath, where);
  if (!isObject(document)) throw new DataError(`${where}: expected a JSON object, got ${describe(document)}`);
  if (document.format !== undefined && document.format !== 'layers-model') {
    throw new DataError(
      `${where}: expected format "layers-model", got ${describe(document.format)}; ` +
        'graph models (tfjs_graph_model) carry no layers and cannot be imported',
    );
  }
  const keras = readKerasModel(document.modelTopology, `${where} modelTopology`);
  const directory = dirname(modelPath);
  const weights = decodeWeights(document.weightsManifest, (shard) => readShard(directory, shard, where), where);
  const saved = isObject(document.userDefinedMetadata) ? document.userDefinedMetadata.kubiki : undefined;
  const kept = isObject(saved) ? saved : {};
  let model: Sequential | Model;
  if (keras.kind === 'functional') {
    const imported = fromKerasGraph(keras.graph, weightsByName(weights, where), where, options.channelsLast);
    model = imported.model;
    model.metadata = { ...kept, ...importedGraphMetadata(imported.model, imported.kerasInputShapes) };
    if (imported.model.inputs.length > 1) return model;
  } else {
    const imported = fromKerasLayers(keras.model, weightsByName(weights, where), where, options.channelsLast);
    model = new Sequential(imported.layers);
    model.metadata = { ...kept, ...importedMetadata(imported) };
  }
  checkImportedMetadata(model, where);
  return model;
}

function readJson(path: string, where: string): unknown {
  const text = readText(path, (reason) => new DataError(`${where}: cannot read the file: ${reason}`), 'importTfjs');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(`${where}: expected JSON, but it does not parse: ${(error as Error).message}`);
  }
}

function readShard(directory: string, shard: string, where: string): Uint8Array {
  const { isAbsolute, join, normalize } = platform.path;
  // Shards live next to model.json; a path leaving that directory is not a TF.js model.
  if (isAbsolute(shard) || normalize(shard).startsWith('..')) {
    throw new DataError(`${where}: expected weight files next to model.json, got path ${JSON.stringify(shard)}`);
  }
  const path = join(directory, shard);
  return readBytes(path, (reason) => new DataError(`${where}: cannot read weights file "${path}": ${reason}`), 'importTfjs');
}
