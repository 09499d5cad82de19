import { ConfigError, KubikiError, ShapeError } from '../errors';
import type { Shape } from '../tensor/Tensor';
import { isMergeLayer } from '../layers/merge/MergeLayer';
import { SymbolicTensor, type GraphLayer } from './SymbolicTensor';

export interface ApplyOptions {
  /** The node's name: the prefix of its layer's parameter names in a Model ("encoder.weight"). */
  name?: string;
}

/**
 * Calls `layer` on symbolic tensors (Keras's `layer(x)`): checks the shapes now, with the layer's
 * own outputShape on a batch of one, and returns the symbolic output. A Layer takes one input, a
 * merge layer (Add, Concatenate, …) an array of two or more. Nothing is computed: `new Model`
 * runs the recorded graph. Every built-in layer has this as its `apply` method.
 */
export function apply(
  layer: GraphLayer,
  inputs: SymbolicTensor | readonly SymbolicTensor[],
  options: ApplyOptions = {},
): SymbolicTensor {
  const list: readonly SymbolicTensor[] = Array.isArray(inputs) ? inputs : [inputs as SymbolicTensor];
  const where = `${layer.name}.apply`;
  list.forEach((input, i) => {
    if (!(input instanceof SymbolicTensor)) {
      throw new ConfigError(
        `${where}: inputs[${i}]: expected a symbolic tensor (from Input() or another layer's apply), got ${describe(input)}`,
      );
    }
  });
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '' || options.name.includes('.'))) {
    throw new ConfigError(`${where}: name: expected a non-empty string without ".", got ${JSON.stringify(options.name)}`);
  }
  const shapes: Shape[] = list.map((s) => [1, ...s.shape]);
  let outShape: Shape;
  try {
    if (isMergeLayer(layer)) {
      if (list.length < 2) {
        throw new ShapeError(`expected an array of at least 2 inputs, got ${list.length}`);
      }
      outShape = layer.outputShape(shapes, list.map(String));
    } else {
      if (list.length !== 1) {
        throw new ShapeError(
          `expected 1 input, got ${list.length}; combine several with a merge layer (Add, Concatenate, …) first`,
        );
      }
      outShape = layer.outputShape(shapes[0] as Shape);
    }
  } catch (error) {
    if (!(error instanceof KubikiError)) throw error;
    const ErrorClass = error.constructor as new (message: string) => KubikiError;
    const wrapped = new ErrorClass(`${where}(${list.map(String).join(', ')}): ${error.message}`);
    wrapped.cause = error;
    throw wrapped;
  }
  return new SymbolicTensor(outShape.slice(1), { layer, inputs: list, name: options.name });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : JSON.stringify(value);
}
