import { apply, type ApplyOptions } from '../graph/apply';
import type { SymbolicTensor } from '../graph/SymbolicTensor';
import type { Layer } from './Layer';

/**
 * What every built-in layer and container inherits besides the Layer contract: `apply`, the
 * functional-API call (Keras's `layer(x)`). A user layer that implements Layer directly gets the
 * same through the free function `apply(layer, x)` or by extending this class.
 */
export abstract class LayerBase {
  /** Records a call of this layer on a symbolic tensor; returns its symbolic output (see graph/apply). */
  apply(input: SymbolicTensor | readonly SymbolicTensor[], options?: ApplyOptions): SymbolicTensor {
    return apply(this as unknown as Layer, input, options);
  }
}
