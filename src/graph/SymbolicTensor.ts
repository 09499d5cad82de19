import { formatShape } from '../errors';
import type { Layer } from '../layers/Layer';
import type { Shape } from '../tensor/Tensor';
import type { MergeLayer } from '../layers/merge/MergeLayer';

/** A block that can stand in a graph: a one-input Layer or a several-input MergeLayer. */
export type GraphLayer = Layer | MergeLayer;

/** One use of a layer in a graph: the layer, the symbolic tensors it reads, an optional node name. */
export interface GraphNode {
  readonly layer: GraphLayer;
  readonly inputs: readonly SymbolicTensor[];
  readonly name: string | undefined;
}

/**
 * A placeholder for a tensor in a functional graph (Keras's KerasTensor, nngraph's node): it holds
 * the shape of ONE sample (no batch dimension) and the node that produces it. `Input(shape)` makes
 * the roots; `layer.apply(x)` makes the rest; `new Model({ inputs, outputs })` runs them.
 */
export class SymbolicTensor {
  /** Shape of one sample, without the batch. */
  readonly shape: Shape;
  /** The node that computes this tensor; undefined for a model input. */
  readonly node: GraphNode | undefined;
  /** The input's name (for inputs), or the node's name when one was given. */
  readonly name: string | undefined;

  constructor(shape: Shape, node: GraphNode | undefined, name?: string) {
    this.shape = [...shape];
    this.node = node;
    this.name = name ?? node?.name;
  }

  /** True for a graph input (made by Input). */
  get isInput(): boolean {
    return this.node === undefined;
  }

  toString(): string {
    const what = this.node ? `${this.node.layer.name} output` : 'Input';
    return `${this.name ?? what} ${formatShape(['batch' as unknown as number, ...this.shape])}`;
  }
}
