import type { Matrix } from 'mathjs';
import { ConfigError, ShapeError, formatShape } from '../errors';
import type { Rng } from './rng';

export type Shape = readonly number[];
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type NestedArray = number | NestedArray[];

/** Number of elements of a shape (1 for a scalar shape []). */
export function shapeSize(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/**
 * The most values one tensor may hold: 2^28 (1 GiB of float32). Sizes come from configs and
 * command lines; a typo such as outputSize 2e9 should be a clear error, not a machine that swaps
 * until the process is killed.
 */
export const MAX_TENSOR_SIZE = 2 ** 28;

export function allocate(dtype: DType, size: number): FloatArray {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ConfigError(`Tensor: expected dtype "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
  if (size > MAX_TENSOR_SIZE) {
    throw new ShapeError(
      `Tensor: expected at most ${MAX_TENSOR_SIZE} values (2^28, 1 GiB of float32) in one tensor, got ${size}; use smaller sizes or batches`,
    );
  }
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

function checkShape(shape: Shape, where: string): void {
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new ShapeError(`${where}: expected a shape of non-negative integers, got ${formatShape(shape)}`);
    }
  }
}

/**
 * An n-dimensional array: a shape and a flat row-major typed array. The batch is the first
 * dimension. `data` may be swapped for an array of the same size (gradCheck casts parameters to
 * float64 this way), so code reads `t.data` when it needs it rather than keeping a copy.
 */
export class Tensor {
  readonly shape: Shape;
  data: FloatArray;

  /** Wraps `data` without copying; its length must equal the product of `shape`. */
  constructor(data: FloatArray, shape: Shape) {
    checkShape(shape, 'Tensor');
    if (data.length !== shapeSize(shape)) {
      throw new ShapeError(
        `Tensor: expected ${shapeSize(shape)} values for shape ${formatShape(shape)}, got ${data.length}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /**
   * From nested arrays (shape inferred, or checked against `shape`), or from a typed or plain flat
   * array with an explicit shape (default: 1-D). Always copies. The dtype defaults to float32, or to
   * float64 for a Float64Array.
   */
  static from(
    values: NestedArray | ArrayLike<number>,
    shape?: Shape,
    dtype?: DType,
  ): Tensor {
    if (typeof values === 'number') {
      return new Tensor(Float32Array.of(values), shape ?? []).astype(dtype ?? 'float32');
    }
    if (ArrayBuffer.isView(values) || !Array.isArray(values) || !values.some(Array.isArray)) {
      const flat = values as ArrayLike<number>;
      const type = dtype ?? (flat instanceof Float64Array ? 'float64' : 'float32');
      const data = allocate(type, flat.length);
      for (let i = 0; i < flat.length; i++) {
        const value = flat[i];
        if (typeof value !== 'number') {
          throw new ShapeError(`Tensor.from: expected numbers, got ${typeof value} at index ${i}`);
        }
        data[i] = value;
      }
      return new Tensor(data, shape ?? [flat.length]);
    }
    const inferred = inferShape(values as NestedArray[]);
    if (shape && !sameShape(shape, inferred)) {
      throw new ShapeError(
        `Tensor.from: expected nested arrays of shape ${formatShape(shape)}, got ${formatShape(inferred)}`,
      );
    }
    const data = allocate(dtype ?? 'float32', shapeSize(inferred));
    let offset = 0;
    const visit = (node: NestedArray, depth: number, path: string): void => {
      if (typeof node === 'number') {
        data[offset++] = node;
        return;
      }
      if (!Array.isArray(node) || node.length !== inferred[depth]) {
        throw new ShapeError(
          `Tensor.from: ragged nested array at ${path || 'top'}: expected length ${inferred[depth]}, got ${
            Array.isArray(node) ? node.length : typeof node
          }`,
        );
      }
      node.forEach((child, i) => visit(child, depth + 1, `${path}[${i}]`));
    };
    (values as NestedArray[]).forEach((child, i) => visit(child, 1, `[${i}]`));
    if (offset !== data.length) throw new ShapeError('Tensor.from: ragged nested array');
    return new Tensor(data, inferred);
  }

  static zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkShape(shape, 'Tensor.zeros');
    return new Tensor(allocate(dtype, shapeSize(shape)), shape);
  }

  static ones(shape: Shape, dtype: DType = 'float32'): Tensor {
    return Tensor.full(shape, 1, dtype);
  }

  static full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    t.data.fill(value);
    return t;
  }

  /** Standard normal values N(0, 1) from `rng`. */
  static randn(shape: Shape, rng: Rng, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    const data = t.data;
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    return t;
  }

  /** Uniform values in [low, high) from `rng`. */
  static uniform(shape: Shape, low: number, high: number, rng: Rng, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    const data = t.data;
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(low, high);
    return t;
  }

  /** From a mathjs Matrix (or anything with toArray()/size()), e.g. `math.matrix([[1, 2]])`. */
  static fromMatrix(m: Matrix | { toArray(): unknown; size(): number[] }, dtype: DType = 'float32'): Tensor {
    return Tensor.from(m.toArray() as NestedArray, m.size(), dtype);
  }

  /** To a mathjs dense Matrix with the same shape and values. */
  toMatrix(): Matrix {
    // mathjs is loaded lazily: it is large, and only interop and tests need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const math = require('mathjs') as typeof import('mathjs');
    return math.matrix(this.toArray() as number[]);
  }

  /** Nested arrays (a plain number for a scalar shape []). */
  toArray(): NestedArray {
    const data = this.data;
    const shape = this.shape;
    if (shape.length === 0) return data[0] as number;
    let offset = 0;
    const build = (depth: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[depth] as number);
      for (let i = 0; i < out.length; i++) {
        out[i] = depth === shape.length - 1 ? (data[offset++] as number) : build(depth + 1);
      }
      return out;
    };
    return build(0);
  }

  /** A view with another shape over the same data; one dimension may be -1 (inferred). */
  reshape(shape: Shape): Tensor {
    const unknown = shape.indexOf(-1);
    let resolved = shape;
    if (unknown >= 0) {
      const known = shapeSize(shape.filter((_, i) => i !== unknown));
      if (known === 0 || this.size % known !== 0) {
        throw new ShapeError(`reshape: cannot reshape ${formatShape(this.shape)} to ${formatShape(shape)}`);
      }
      resolved = shape.map((dim, i) => (i === unknown ? this.size / known : dim));
    }
    if (shapeSize(resolved) !== this.size) {
      throw new ShapeError(
        `reshape: expected a shape with ${this.size} elements for ${formatShape(this.shape)}, got ${formatShape(shape)}`,
      );
    }
    return new Tensor(this.data, resolved);
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** A copy in another dtype (a plain copy when the dtype is the same). */
  astype(dtype: DType): Tensor {
    const data = allocate(dtype, this.size);
    data.set(this.data);
    return new Tensor(data, this.shape);
  }

  /** The value at a full index, e.g. t.get(1, 2). */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index)] as number;
  }

  set(value: number, ...index: number[]): void {
    this.data[this.offsetOf(index)] = value;
  }

  /** Rows [start, end) along the first (batch) dimension, copied. */
  sliceRows(start: number, end: number): Tensor {
    const rowSize = this.shape.length === 0 ? 1 : this.size / (this.shape[0] || 1);
    return new Tensor(this.data.slice(start * rowSize, end * rowSize), [end - start, ...this.shape.slice(1)]);
  }

  private offsetOf(index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new ShapeError(`Tensor index: expected ${this.shape.length} indices, got ${index.length}`);
    }
    let offset = 0;
    for (let d = 0; d < index.length; d++) {
      const i = index[d] as number;
      const dim = this.shape[d] as number;
      if (!Number.isInteger(i) || i < 0 || i >= dim) {
        throw new ShapeError(`Tensor index: expected 0 ≤ index[${d}] < ${dim}, got ${i}`);
      }
      offset = offset * dim + i;
    }
    return offset;
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

function inferShape(values: NestedArray[]): number[] {
  const shape: number[] = [];
  let node: NestedArray = values;
  while (Array.isArray(node)) {
    shape.push(node.length);
    if (node.length === 0) break;
    node = node[0] as NestedArray;
  }
  return shape;
}
