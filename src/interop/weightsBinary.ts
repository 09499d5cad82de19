import { DataError } from '../errors';
import { shapeSize, type FloatArray, type Shape } from '../tensor/Tensor';
import { describe, isObject } from './kerasJson';

/*
 * The weights half of the TF.js layers-model format: a manifest lists each weight's name, shape
 * and dtype; the binary files hold them back to back, little-endian float32, no padding. One
 * group's binary may be split into shards (group1-shard1of2.bin, …) that are simply concatenated.
 */

/** A weight by its Keras name ("dense_1/kernel") in Keras layout. */
export interface NamedWeight {
  readonly name: string;
  readonly shape: Shape;
  readonly data: FloatArray;
}

/** One manifest entry, as TF.js writes it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** The manifest specs and the little-endian float32 bytes of `weights`, in order. */
export function encodeWeights(weights: readonly NamedWeight[]): { specs: WeightSpec[]; bytes: Uint8Array } {
  const total = weights.reduce((sum, w) => sum + w.data.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const weight of weights) {
    // DataView rather than a Float32Array view: the file is little-endian whatever the host is.
    for (let i = 0; i < weight.data.length; i++) {
      view.setFloat32(offset, weight.data[i] as number, true);
      offset += 4;
    }
  }
  const specs = weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const }));
  return { specs, bytes };
}

/**
 * Reads every group of a manifest. `readShard(path)` returns the bytes of one file named in
 * `paths` (relative to the model.json). Returns the weights by name.
 */
export function decodeWeights(
  manifest: unknown,
  readShard: (path: string) => Uint8Array,
  where: string,
): Map<string, NamedWeight> {
  if (!Array.isArray(manifest)) {
    throw new DataError(`${where}: expected weightsManifest to be an array, got ${describe(manifest)}`);
  }
  const weights = new Map<string, NamedWeight>();
  manifest.forEach((group: unknown, g) => {
    const at = `${where} weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new DataError(`${at}: expected { paths: [...], weights: [...] }, got ${describe(group)}`);
    }
    const shards = group.paths.map((path) => {
      if (typeof path !== 'string') throw new DataError(`${at}.paths: expected file names, got ${describe(path)}`);
      return readShard(path);
    });
    const bytes = concat(shards);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    group.weights.forEach((spec, w) => {
      const name = isObject(spec) ? spec.name : undefined;
      const shape = isObject(spec) ? spec.shape : undefined;
      if (typeof name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d))) {
        throw new DataError(`${at}.weights[${w}]: expected { name, shape, dtype }, got ${describe(spec)}`);
      }
      if (isObject(spec) && (spec.quantization !== undefined || (spec.dtype ?? 'float32') !== 'float32')) {
        throw new DataError(
          `${at}.weights[${w}] (${name}): expected dtype "float32" without quantization, got ${describe(spec.dtype)}` +
            `${spec.quantization !== undefined ? ' quantized' : ''}; re-export the model without quantization`,
        );
      }
      const size = shapeSize(shape as number[]);
      if (offset + size * 4 > bytes.byteLength) {
        throw new DataError(
          `${at}.weights[${w}] (${name}): expected ${size * 4} more bytes at offset ${offset}, ` +
            `got a weights file of ${bytes.byteLength} bytes; the .bin files do not match model.json`,
        );
      }
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++, offset += 4) data[i] = view.getFloat32(offset, true);
      weights.set(name, { name, shape: shape as number[], data });
    });
    if (offset !== bytes.byteLength) {
      throw new DataError(
        `${at}: expected ${offset} bytes of weights, got ${bytes.byteLength}; the .bin files do not match model.json`,
      );
    }
  });
  return weights;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
