import { Tensor, type DType, type Shape } from '../tensor/Tensor';

/*
 * Where the ops get their output and gradient tensors. Outside a reuse scope every call allocates
 * (a caller may keep every value). Module opens a scope per forward and per backward inside fit
 * (see tensor/reuse.ts): the n-th tensor requested in the scope is the n-th one of the previous
 * batch when its shape and dtype match, so a steady training step allocates no tensor. A reused
 * tensor keeps its old values: `output` is for callers that overwrite every element, `zeros`
 * clears it.
 */

/** The tensors of one scope, in the order they were requested. */
export class BufferArena {
  private readonly pool: Tensor[] = [];
  private cursor = 0;

  reset(): void {
    this.cursor = 0;
  }

  take(shape: Shape, dtype: DType): { tensor: Tensor; fresh: boolean } {
    const index = this.cursor++;
    const previous = this.pool[index];
    if (previous !== undefined && previous.dtype === dtype && sameDims(previous.shape, shape)) {
      return { tensor: previous, fresh: false };
    }
    const tensor = Tensor.zeros(shape, dtype);
    this.pool[index] = tensor;
    return { tensor, fresh: true };
  }
}

let active: BufferArena | undefined;

/** Runs `fn` with `arena` handing out the ops' tensors (undefined: allocate every time). */
export function withArena<T>(arena: BufferArena | undefined, fn: () => T): T {
  const previous = active;
  active = arena;
  arena?.reset();
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** A tensor whose every element the caller overwrites. */
export function output(shape: Shape, dtype: DType): Tensor {
  return active ? active.take(shape, dtype).tensor : Tensor.zeros(shape, dtype);
}

/** A tensor of zeros. */
export function zeros(shape: Shape, dtype: DType): Tensor {
  if (!active) return Tensor.zeros(shape, dtype);
  const { tensor, fresh } = active.take(shape, dtype);
  if (!fresh) tensor.data.fill(0);
  return tensor;
}

function sameDims(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}
