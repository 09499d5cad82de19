import { DataError } from '../errors';
import { checkHeader, loadState, MODEL_FORMAT, saveTensor, type SavedTensor } from '../model/serialize';
import { createRng } from '../tensor/rng';
import { graphFromConfig, graphToConfig, type GraphConfig } from './graphConfig';
import type { AnyModel, Model } from './Model';

/** The JSON document of a graph model's file (version 2: `graph` instead of Sequential's `layers`). */
export interface GraphDocument {
  format: typeof MODEL_FORMAT;
  version: 2;
  graph: GraphConfig;
  weights: SavedTensor[];
  buffers: SavedTensor[];
  metadata: Record<string, unknown>;
}

export function graphToJSON(model: AnyModel): GraphDocument {
  return {
    format: MODEL_FORMAT,
    version: 2,
    graph: graphToConfig(model),
    weights: model.paramGrads().map((p) => saveTensor(p.name, p.value)),
    buffers: model.buffers().map((b) => saveTensor(b.name, b.value)),
    metadata: model.metadata,
  };
}

/** Rebuilds a graph model from a document of unknown origin; every problem is a DataError naming the path. */
export function graphFromJSON(document: unknown, where = 'model'): Model {
  const checked = checkHeader(document, where);
  if (checked.graph === undefined) {
    throw new DataError(`${where}: graph: missing; this file holds a ${checked.layers ? 'Sequential (load it with loadModel or Sequential.fromJSON)' : 'no model'}`);
  }
  // A throwaway generator: the weights are overwritten, and loading must not advance globalRng.
  const model = graphFromConfig(checked.graph, { path: `${where}: graph`, error: (m) => new DataError(m), rng: createRng(0) });
  loadState(model, checked, where);
  return model;
}
