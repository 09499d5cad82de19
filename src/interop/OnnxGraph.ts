import { ATTRIBUTE_TYPE, ONNX_FLOAT, ONNX_INT64 } from './onnxSchema';

/*
 * A small builder for an ONNX GraphProto as plain objects shaped like onnx.proto's messages
 * (field names as in onnxSchema.ts), for protobufjs to encode.
 */

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: OnnxAttribute[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

export const intAttr = (name: string, i: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.INT, i });
export const floatAttr = (name: string, f: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
export const intsAttr = (name: string, ints: readonly number[]): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: [...ints] });
export const stringsAttr = (name: string, values: readonly string[]): OnnxAttribute => ({
  name,
  type: ATTRIBUTE_TYPE.STRINGS,
  strings: values.map((v) => new TextEncoder().encode(v)),
});
export const stringAttr = (name: string, s: string): OnnxAttribute => ({
  name,
  type: ATTRIBUTE_TYPE.STRING,
  s: new TextEncoder().encode(s),
});

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly constants = new Map<number, string>();
  private counter = 0;

  /** A float32 initializer, stored as little-endian raw_data (ONNX requires LE whatever the host). */
  floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    // A layer used by several nodes (shared weights) writes its tensors once.
    if (this.initializers.some((t) => t.name === name)) return name;
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    this.initializers.push({ name, dims: [...dims], data_type: ONNX_FLOAT, raw_data: raw });
    return name;
  }

  /** An int64 initializer (shapes for Reshape). */
  int64Tensor(name: string, values: readonly number[]): string {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name, dims: [values.length], data_type: ONNX_INT64, raw_data: raw });
    return name;
  }

  /** An int64 scalar (a Gather index that drops the axis). */
  int64Scalar(name: string, value: number): string {
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
    this.initializers.push({ name, dims: [], data_type: ONNX_INT64, raw_data: raw });
    return name;
  }

  /** A float32 scalar, shared by every node that uses the same value. */
  scalar(value: number): string {
    let name = this.constants.get(value);
    if (name === undefined) {
      name = this.floatTensor(`const_${this.constants.size}`, [], [value]);
      this.constants.set(value, name);
    }
    return name;
  }

  /** Appends a node with several outputs ('' skips an optional one); returns their names. */
  multiNode(opType: string, inputs: readonly string[], outputs: number, attributes: readonly OnnxAttribute[] = []): string[] {
    const id = this.counter++;
    const names = Array.from({ length: outputs }, (_, k) => `${opType.toLowerCase()}_${id}_${k}`);
    this.nodes.push({ input: [...inputs], output: names, name: `${opType}_${id}`, op_type: opType, attribute: [...attributes] });
    return names;
  }

  /** Appends a node and returns the name of its (single) output. */
  node(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], output?: string): string {
    const id = this.counter++;
    const out = output ?? `${opType.toLowerCase()}_${id}`;
    this.nodes.push({ input: [...inputs], output: [out], name: `${opType}_${id}`, op_type: opType, attribute: [...attributes] });
    return out;
  }
}
