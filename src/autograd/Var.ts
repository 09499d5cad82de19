import { KubikiError, ShapeError, formatShape } from '../errors';
import { add, axpy } from '../kernels';
import type { Param } from '../layers/Layer';
import { Tensor, sameShape, type DType, type FloatArray, type NestedArray, type Shape } from '../tensor/Tensor';
import { output } from './buffers';
import { gradRecording, secondBackward, topologicalOrder } from './tape';
import * as elementwise from './ops/elementwise';
import * as linear from './ops/matmul';
import * as reduce from './ops/reduce';
import * as reshape from './ops/shape';

/** What an op accepts as an operand: a Var, a constant Tensor, or a number (a scalar constant). */
export type Operand = Var | Tensor | number;

export interface VarOptions {
  /** Record the ops on this value and give it a `.grad` after backward (default false). */
  requiresGrad?: boolean;
}

/**
 * A value on the autograd tape (PyTorch's Tensor with requires_grad, micrograd's Value). A leaf is
 * made with `new Var(tensor, { requiresGrad: true })` or `Var.from(nestedArrays, …)`; every op on a
 * value that requires gradients records a node with its inputs and its backward function.
 * `y.backward()` walks the recorded graph once, from y to the leaves in reverse topological order:
 * each node hands dL/d(its output) to its backward function, which adds dL/d(input) into each input
 * that requires gradients (summing where a value feeds several ops). Leaves accumulate into
 * `.grad` across backward calls (zeroGrad clears it); the graph is released as it is walked, so a
 * second backward through the same nodes is an error, as in PyTorch.
 */
export class Var {
  /** The forward value. Ops never modify it. */
  readonly value: Tensor;
  private needsGrad: boolean;
  /** The inputs of the op that made this value ([] for a leaf or once released). */
  private parents: readonly Var[];
  /** The op's backward: adds dL/d(input) into its inputs; undefined for a leaf. */
  private backwardFn: ((grad: Tensor) => void) | undefined;
  private released = false;
  /** A non-leaf's dL/d(this value) while backward runs; `owned` when it may be added into in place. */
  private pending: Tensor | undefined;
  private owned = false;
  /** A leaf's accumulated gradient (for a Module parameter: the Param's grad tensor). */
  private leafGrad: Tensor | undefined;
  private param: Param | undefined;
  /** @internal Set by Module on its input: the gradient may come from the op buffers (see buffers.ts). */
  gradFromBuffers = false;

  constructor(value: Tensor, options: VarOptions = {}) {
    if (!(value instanceof Tensor)) {
      throw new KubikiError(`Var: expected a Tensor, got ${typeof value}; use Var.from(arrays) for plain numbers`);
    }
    this.value = value;
    this.needsGrad = options.requiresGrad ?? false;
    this.parents = [];
    this.backwardFn = undefined;
    this.param = undefined;
  }

  /** A leaf from nested arrays or a number (Tensor.from), float64 unless `dtype` says otherwise. */
  static from(values: NestedArray | ArrayLike<number>, options: VarOptions & { dtype?: DType; shape?: Shape } = {}): Var {
    return new Var(Tensor.from(values, options.shape, options.dtype ?? 'float64'), options);
  }

  /** @internal A Module parameter: a leaf whose gradient accumulates into `param.grad`. */
  static parameter(param: Param): Var {
    const v = new Var(param.value, { requiresGrad: true });
    v.param = param;
    return v;
  }

  /**
   * @internal The result of an op: records `backward` when grad mode is on and an input requires
   * gradients (or `always`: a layer with its own parameters), otherwise a constant.
   */
  static record(value: Tensor, parents: readonly Var[], backward: (grad: Tensor) => void, always = false): Var {
    const result = new Var(value);
    if (gradRecording() && (always || parents.some((p) => p.needsGrad))) {
      result.needsGrad = true;
      result.parents = parents;
      result.backwardFn = backward;
    }
    return result;
  }

  /** @internal An operand as a Var: a Tensor as a constant, a number as a scalar of `dtype`. */
  static of(operand: Operand, dtype: DType): Var {
    if (operand instanceof Var) return operand;
    if (operand instanceof Tensor) return new Var(operand);
    if (typeof operand !== 'number') {
      throw new KubikiError(`Var: expected an operand that is a Var, a Tensor or a number, got ${describe(operand)}`);
    }
    const t = Tensor.zeros([], dtype);
    t.data[0] = operand;
    return new Var(t);
  }

  get shape(): Shape {
    return this.value.shape;
  }

  get dtype(): DType {
    return this.value.dtype;
  }

  get requiresGrad(): boolean {
    return this.needsGrad;
  }

  /** @internal Module.backwardParams turns its input's gradient off for one backward. */
  set requiresGrad(value: boolean) {
    this.needsGrad = value;
  }

  /** True for a value no op made (an input or a parameter). */
  get isLeaf(): boolean {
    return this.backwardFn === undefined && !this.released;
  }

  /** dL/d(this leaf) summed over every backward so far; undefined before the first one. */
  get grad(): Tensor | undefined {
    return this.param ? this.param.grad : this.leafGrad;
  }

  /** Clears a leaf's accumulated gradient (a parameter's is zeroed in place). */
  zeroGrad(): void {
    if (this.param) this.param.grad.data.fill(0);
    else this.leafGrad = undefined;
  }

  /** The same value as a constant, cut from the graph (PyTorch's detach). */
  detach(): Var {
    return new Var(this.value);
  }

  /** The single value of a one-element Var (a loss). */
  item(): number {
    if (this.value.size !== 1) {
      throw new ShapeError(`Var.item: expected a value with one element, got shape ${formatShape(this.shape)}`);
    }
    return this.value.data[0] as number;
  }

  toArray(): NestedArray {
    return this.value.toArray();
  }

  toString(): string {
    return `Var(${this.value.dtype}, ${formatShape(this.shape)}${this.needsGrad ? ', requiresGrad' : ''})`;
  }

  /**
   * Backpropagation from this value: dL/d(this) = `grad` (default 1, for a one-element value such
   * as a loss), then every recorded op in reverse topological order. Adds into each leaf's `.grad`.
   */
  backward(grad?: Tensor | number): void {
    if (!this.needsGrad) {
      throw new KubikiError(
        'Var.backward: expected a value computed from a leaf that requires gradients, got a constant; create the leaves with { requiresGrad: true }',
      );
    }
    if (this.released) throw secondBackward();
    let seed: Tensor;
    if (grad === undefined || typeof grad === 'number') {
      if (this.value.size !== 1) {
        throw new ShapeError(
          `Var.backward: expected a value with one element (a loss) when no gradient is given, got shape ${formatShape(this.shape)}; pass backward(gradient) of that shape`,
        );
      }
      seed = Tensor.full(this.shape, grad ?? 1, this.value.dtype);
    } else {
      if (!sameShape(grad.shape, this.shape)) {
        throw new ShapeError(`Var.backward: expected a gradient of shape ${formatShape(this.shape)}, got ${formatShape(grad.shape)}`);
      }
      seed = grad;
    }
    if (this.backwardFn === undefined) {
      this.addGrad(seed, false); // a leaf: dL/dL = 1
      return;
    }
    const order = topologicalOrder<Var>(this, Var.inputsOf, Var.isNode);
    this.addGrad(seed, false);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i] as Var;
      const fn = node.backwardFn as (grad: Tensor) => void;
      const pending = node.pending;
      node.release();
      if (pending !== undefined) fn(pending);
    }
  }

  /**
   * @internal Adds `grad` (this value's shape, or its size) into dL/d(this). `owned`: the caller
   * hands the tensor over (it may be kept and added into); otherwise it is copied before any change.
   */
  addGrad(grad: Tensor, owned: boolean): void {
    if (!this.needsGrad) return;
    const g = sameShape(grad.shape, this.shape) ? grad : grad.reshape(this.shape);
    if (this.backwardFn === undefined) {
      const target = this.grad;
      if (target !== undefined) {
        add(target.data, g.data, target.data);
      } else {
        this.leafGrad = owned && g.dtype === this.value.dtype ? g : g.astype(this.value.dtype);
      }
      return;
    }
    if (this.pending === undefined) {
      this.pending = g;
      this.owned = owned;
    } else {
      if (!this.owned) {
        this.pending = copyOf(this.pending);
        this.owned = true;
      }
      axpy(1, g.data, this.pending.data);
    }
  }

  /**
   * @internal A buffer of this value's shape for a kernel that writes dL/d(this) with
   * `C = new + beta·C` (gemm, reduceToShape): beta 0 means the buffer holds nothing yet (it may hold
   * stale values), beta 1 means add into it.
   */
  gradTarget(): { data: FloatArray; beta: 0 | 1 } {
    if (this.backwardFn === undefined) {
      if (this.grad !== undefined) return { data: this.grad.data, beta: 1 };
      this.leafGrad = this.gradFromBuffers ? output(this.shape, this.value.dtype) : Tensor.zeros(this.shape, this.value.dtype);
      return { data: this.leafGrad.data, beta: 0 };
    }
    if (this.pending === undefined) {
      this.pending = output(this.shape, this.value.dtype);
      this.owned = true;
      return { data: this.pending.data, beta: 0 };
    }
    if (!this.owned) {
      this.pending = copyOf(this.pending);
      this.owned = true;
    }
    return { data: this.pending.data, beta: 1 };
  }

  private release(): void {
    this.backwardFn = undefined;
    this.parents = [];
    this.pending = undefined;
    this.released = true;
  }

  /** @internal For topologicalOrder. */
  static inputsOf(v: Var): readonly Var[] {
    if (v.released) throw secondBackward();
    return v.parents;
  }

  /** @internal True for a recorded node that backward still has to visit. */
  static isNode(v: Var): boolean {
    return v.needsGrad && (v.backwardFn !== undefined || v.released);
  }

  // ---- ops (formulas and gradients in src/autograd/ops) ----

  /** this + other, broadcasting. */
  add(other: Operand): Var {
    return elementwise.binary('add', this, other);
  }
  /** this − other, broadcasting. */
  sub(other: Operand): Var {
    return elementwise.binary('sub', this, other);
  }
  /** this ⊙ other, broadcasting. */
  mul(other: Operand): Var {
    return elementwise.binary('mul', this, other);
  }
  /** this / other, broadcasting. */
  div(other: Operand): Var {
    return elementwise.binary('div', this, other);
  }
  neg(): Var {
    return elementwise.neg(this);
  }
  /** this^exponent for a number exponent. */
  pow(exponent: number): Var {
    return elementwise.pow(this, exponent);
  }
  exp(): Var {
    return elementwise.unary('exp', this);
  }
  log(): Var {
    return elementwise.unary('log', this);
  }
  sqrt(): Var {
    return elementwise.unary('sqrt', this);
  }
  abs(): Var {
    return elementwise.unary('abs', this);
  }
  tanh(): Var {
    return elementwise.unary('tanh', this);
  }
  sigmoid(): Var {
    return elementwise.unary('sigmoid', this);
  }
  relu(): Var {
    return elementwise.unary('relu', this);
  }
  /** Matrix product: [m, k]·[k, n], [b, m, k]·[b, k, n], [b, m, k]·[k, n] or [m, k]·[b, k, n]. */
  matmul(other: Operand): Var {
    return linear.matmul(this, other);
  }
  /** Dimensions permuted: result.shape[d] = shape[perm[d]]; default: reversed (NumPy's .T). */
  transpose(perm?: readonly number[]): Var {
    return reshape.transpose(this, perm);
  }
  /** The same values in another shape (one dimension may be −1); a view, no copy. */
  reshape(shape: Shape): Var {
    return reshape.reshape(this, shape);
  }
  /** Sum over `axes` (default: all), dropping them unless keepDims. */
  sum(axes?: number | readonly number[], keepDims = false): Var {
    return reduce.sum(this, axes, keepDims, false);
  }
  /** Mean over `axes` (default: all), dropping them unless keepDims. */
  mean(axes?: number | readonly number[], keepDims = false): Var {
    return reduce.sum(this, axes, keepDims, true);
  }
  /** Maximum along `axis`; the gradient goes to the first maximal entry (PyTorch's max(dim)). */
  max(axis: number, keepDims = false): Var {
    return reduce.max(this, axis, keepDims);
  }
  /** exp(x) / Σ exp(x) along `axis` (default: the last). */
  softmax(axis = -1): Var {
    return reduce.softmax(this, axis, false);
  }
  /** x − log Σ exp(x) along `axis` (default: the last). */
  logSoftmax(axis = -1): Var {
    return reduce.softmax(this, axis, true);
  }
  /** Entries start..end−1 along `axis` (negative start/end count from the end; end defaults to the size). */
  slice(axis: number, start: number, end?: number): Var {
    return reshape.slice(this, axis, start, end);
  }
}

function copyOf(t: Tensor): Tensor {
  const copy = output(t.shape, t.dtype);
  copy.data.set(t.data);
  return copy;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (wrap it with Tensor.from or Var.from)';
  return typeof value;
}
