import { DataError, formatShape } from '../errors';
import type { Layer } from '../layers/Layer';
import { sameShape, type Tensor } from '../tensor/Tensor';

/*
 * Reading and writing a layer's parameters and buffers by name ("weight", "runningMean"), so the
 * format converters need no knowledge of each layer class's fields.
 */

/** The parameter or buffer `name` of `layer`; throws when the layer has none by that name. */
export function layerTensor(layer: Layer, name: string): Tensor {
  const found = [...layer.paramGrads(), ...(layer.buffers?.() ?? [])].find((t) => t.name === name);
  if (found === undefined) {
    throw new DataError(`${layer.name}: expected a parameter or buffer named "${name}", found none`);
  }
  return found.value;
}

/** Copies `values` (already in kubiki's layout) into the layer's tensor `name`, checking the size. */
export function setLayerTensor(layer: Layer, name: string, shape: readonly number[], values: ArrayLike<number>, where: string): void {
  const target = layerTensor(layer, name);
  if (!sameShape(target.shape, shape)) {
    throw new DataError(
      `${where}: expected ${layer.name}.${name} of shape ${formatShape(target.shape)}, got ${formatShape(shape)}`,
    );
  }
  target.data.set(values);
}
