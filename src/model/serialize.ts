import { describe, isObject } from '../util/describe';
import { didYouMean } from '../util/suggest';
import { ConfigError, DataError, formatShape } from '../errors';
import { buildLayer, knownLayerTypes, registerHint } from '../layers/buildLayer';
import type { CustomLayerConfig, Param, StateTensor } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import { createRng } from '../tensor/rng';
import { decodeBase64, encodeBase64, LITTLE_ENDIAN, swapBytes } from '../util/bytes';
import { allocate, sameShape, shapeSize, type DType, type FloatArray, type Tensor } from '../tensor/Tensor';
import { Sequential } from './Sequential';

export const MODEL_FORMAT = 'kubiki-model';
/** The newest model-file version this code reads (version 2 added graph models). */
export const MODEL_VERSION = 2;
/** The version a Sequential's document is written with (version 1 readers load it); graphs are 2. */
export const SEQUENTIAL_VERSION = 1;

/** A tensor stored exactly: base64 of its little-endian float32/float64 bytes. */
export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: DType;
  data: string;
}

/** The JSON document of a model file. */
export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  version: typeof SEQUENTIAL_VERSION;
  layers: (LayerConfig | CustomLayerConfig)[];
  weights: SavedTensor[];
  buffers: SavedTensor[];
  metadata: Record<string, unknown>;
}

export function modelToJSON(model: Sequential): ModelDocument {
  return {
    format: MODEL_FORMAT,
    version: SEQUENTIAL_VERSION,
    layers: model.layers.map((layer, i) => rebuildable(layer.toConfig(), `layers[${i}]`)),
    weights: model.paramGrads().map((p) => saveTensor(p.name, p.value)),
    buffers: model.buffers().map((b) => saveTensor(b.name, b.value)),
    metadata: model.metadata,
  };
}

/**
 * A layer config loadModel can turn back into a layer: a built-in type or a registered one. A user
 * layer (a Module, say) whose type nobody registered is refused before anything is written, so an
 * existing file stays as it was.
 */
function rebuildable<T extends { type: string }>(config: T, path: string): T {
  if (!knownLayerTypes().includes(config.type)) {
    throw new ConfigError(
      `${path} (${config.type}): the layer type ${JSON.stringify(config.type)} is not registered, so the saved model could not be loaded; ${registerHint(config.type).replace('building or loading', 'saving')}`,
    );
  }
  return config;
}

/**
 * Rebuilds a model from a document of unknown origin. Every problem is a DataError naming where
 * (`where`, usually the file path) and the JSON path: format, version, layer configs, and each
 * weight's presence, shape, dtype and byte size.
 */
export function modelFromJSON(document: unknown, where = 'model'): Sequential {
  const checked = checkHeader(document, where);
  const model = new Sequential(arrayAt(checked, 'layers', where).map((config, i) => layerAt(config, i, where)));
  loadState(model, checked, where);
  return model;
}

/** Checks format and version; returns the document as an object. */
export function checkHeader(document: unknown, where: string): Record<string, unknown> {
  if (!isObject(document)) {
    throw new DataError(`${where}: expected a kubiki model (a JSON object), got ${describe(document)}`);
  }
  if (document.format !== MODEL_FORMAT) {
    throw new DataError(
      `${where}: format: expected "${MODEL_FORMAT}", got ${describe(document.format)}; this is not a kubiki model file`,
    );
  }
  const version = document.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DataError(`${where}: version: expected a positive integer, got ${describe(version)}`);
  }
  if (version > MODEL_VERSION) {
    throw new DataError(
      `${where}: version: the file has model format version ${version}, but this kubiki reads versions up to ${MODEL_VERSION} only; upgrade kubiki to load it`,
    );
  }
  return document;
}

/** Metadata, weights and buffers of a document into a built model. */
export function loadState(
  model: { metadata: Record<string, unknown>; paramGrads(): readonly Param[]; buffers(): readonly StateTensor[] },
  document: Record<string, unknown>,
  where: string,
): void {
  if (document.metadata !== undefined) {
    if (!isObject(document.metadata)) {
      throw new DataError(`${where}: metadata: expected a JSON object, got ${describe(document.metadata)}`);
    }
    model.metadata = document.metadata;
  }
  loadTensors(model.paramGrads(), arrayAt(document, 'weights', where), 'weights', where);
  loadTensors(model.buffers(), document.buffers === undefined ? [] : arrayAt(document, 'buffers', where), 'buffers', where);
}

function layerAt(config: unknown, index: number, where: string) {
  const path = `${where}: layers[${index}]`;
  if (!isObject(config) || typeof config.type !== 'string') {
    throw new DataError(`${path}: expected a layer config with a "type", got ${describe(config)}`);
  }
  const known = knownLayerTypes();
  if (!known.includes(config.type)) {
    const hint = didYouMean(config.type, known) || `; expected one of ${known.join(', ')}; if it is your own layer type, ${registerHint(config.type)}`;
    throw new DataError(`${path}.type: unknown layer ${JSON.stringify(config.type)}${hint}`);
  }
  try {
    // A throwaway generator: the weights are overwritten, and loading must not advance globalRng.
    return buildLayer(config as unknown as CustomLayerConfig, createRng(0));
  } catch (error) {
    throw new DataError(`${path} (${config.type}): ${(error as Error).message}`);
  }
}

/** Copies each saved tensor into the model's tensor of the same name, checking everything first. */
export function loadTensors(
  targets: readonly { name: string; value: Tensor; grad?: Tensor }[],
  saved: unknown[],
  key: 'weights' | 'buffers',
  where: string,
): void {
  const byName = new Map<string, { entry: Record<string, unknown>; index: number }>();
  saved.forEach((entry, index) => {
    if (!isObject(entry) || typeof entry.name !== 'string') {
      throw new DataError(`${where}: ${key}[${index}]: expected { name, shape, dtype, data }, got ${describe(entry)}`);
    }
    if (byName.has(entry.name)) throw new DataError(`${where}: ${key}[${index}]: "${entry.name}" appears twice`);
    byName.set(entry.name, { entry, index });
  });
  const expected = new Set(targets.map((t) => t.name));
  for (const [name, { index }] of byName) {
    if (!expected.has(name)) {
      throw new DataError(
        `${where}: ${key}[${index}]: the model has no ${key === 'weights' ? 'parameter' : 'buffer'} "${name}" (expected ${[...expected].join(', ') || 'none'})`,
      );
    }
  }
  for (const target of targets) {
    const found = byName.get(target.name);
    if (!found) {
      throw new DataError(
        `${where}: ${key}: missing "${target.name}" of shape ${formatShape(target.value.shape)}; the file is incomplete`,
      );
    }
    const data = decodeTensor(found.entry, target.value.shape, `${where}: ${key}[${found.index}] "${target.name}"`);
    if (data instanceof target.value.data.constructor) {
      target.value.data.set(data);
    } else {
      target.value.data = data; // the saved dtype wins: a float64 model loads as float64
      if (target.grad) target.grad.data = allocate(data instanceof Float64Array ? 'float64' : 'float32', data.length);
    }
  }
}

function decodeTensor(entry: Record<string, unknown>, shape: readonly number[], path: string): FloatArray {
  const saved = entry.shape;
  if (!Array.isArray(saved) || !saved.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new DataError(`${path}.shape: expected an array of non-negative integers, got ${describe(saved)}`);
  }
  if (!sameShape(saved, shape)) {
    throw new DataError(`${path}: expected shape ${formatShape(shape)}, got ${formatShape(saved)}`);
  }
  const dtype = entry.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DataError(`${path}.dtype: expected "float32" or "float64", got ${describe(dtype)}`);
  }
  if (typeof entry.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(entry.data) || entry.data.length % 4 !== 0) {
    throw new DataError(`${path}.data: expected base64 text, got ${describe(entry.data)}`);
  }
  const bytes = decodeBase64(entry.data);
  const width = dtype === 'float64' ? 8 : 4;
  const size = shapeSize(shape);
  if (bytes.length !== size * width) {
    throw new DataError(
      `${path}.data: expected ${size * width} bytes (${size} × ${dtype}), got ${bytes.length}; the file is truncated or corrupted`,
    );
  }
  if (!LITTLE_ENDIAN) swapBytes(bytes, width);
  const out = allocate(dtype, size);
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
  return out;
}

export function saveTensor(name: string, t: Tensor): SavedTensor {
  let bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  if (!LITTLE_ENDIAN) {
    bytes = bytes.slice(); // copy before swapping: never touch the live weights
    swapBytes(bytes, t.dtype === 'float64' ? 8 : 4);
  }
  return { name, shape: [...t.shape], dtype: t.dtype, data: encodeBase64(bytes) };
}

export function arrayAt(document: Record<string, unknown>, key: string, where: string): unknown[] {
  const value = document[key];
  if (!Array.isArray(value)) throw new DataError(`${where}: ${key}: expected an array, got ${describe(value)}`);
  return value;
}

