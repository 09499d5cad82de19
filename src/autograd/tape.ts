import { KubikiError } from '../errors';

/* The tape's global state and graph walk, apart from the value class (Var.ts). */

let gradEnabled = true;

/** False inside noGrad: ops record nothing. */
export function gradRecording(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording any op (PyTorch's torch.no_grad): every result is a constant.
 * Module.outputShape traces `call` this way.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * The recorded nodes reachable from `root`, each after all of its inputs (depth-first post-order,
 * iterative so a long chain cannot overflow the stack); backward walks it from the end.
 */
export function topologicalOrder<T>(root: T, inputsOf: (node: T) => readonly T[], isNode: (node: T) => boolean): T[] {
  const order: T[] = [];
  const visited = new Set<T>([root]);
  const stack: T[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top] as T;
    const inputs = inputsOf(node);
    const i = next[top] as number;
    if (i < inputs.length) {
      next[top] = i + 1;
      const input = inputs[i] as T;
      if (!visited.has(input) && isNode(input)) {
        visited.add(input);
        stack.push(input);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node);
    }
  }
  return order;
}

/** The error for a backward through nodes an earlier backward already freed. */
export function secondBackward(): KubikiError {
  return new KubikiError(
    'Var.backward: this graph was already used by a backward pass and has been freed; run the forward computation again before calling backward',
  );
}

