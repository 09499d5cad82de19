import { ShapeError, formatShape } from '../errors';
import type { PoolGeometry } from '../kernels';
import type { Shape } from '../tensor/Tensor';
import { optionError } from '../validate';

/*
 * Shared by Conv2D and the pooling layers: (height, width) pairs given as one number or two,
 * and the checks on NCHW inputs.
 */

/** [height, width] */
export type Pair = readonly [number, number];

/** A number or [h, w] of integers ≥ `min` (1 for sizes and strides, 0 for padding). */
export function toPair(where: string, name: string, value: unknown, min = 1): Pair {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1])) return [value[0], value[1]];
  const kind = min === 0 ? 'non-negative' : 'positive';
  throw optionError(where, name, `a ${kind} integer or a pair [height, width] of them`, value);
}

/** The config form: one number when height and width agree, otherwise the pair. */
export function pairToConfig(pair: Pair): number | [number, number] {
  return pair[0] === pair[1] ? pair[0] : [pair[0], pair[1]];
}

/** Checks [batch, channels, height, width] (channels must equal `channels` unless it is -1). */
export function expectImage(where: string, channels: number, shape: Shape, what = 'input'): void {
  if (shape.length !== 4 || (channels !== -1 && shape[1] !== channels)) {
    const wanted = channels === -1 ? 'channels' : String(channels);
    throw new ShapeError(
      `${where}: expected ${what} of shape [batch, ${wanted}, height, width] (NCHW), got ${formatShape(shape)}`,
    );
  }
}

/** ⌊(size + padding − kernel) / stride⌋ + 1, or a ShapeError when the window does not fit. */
export function windowCount(
  where: string,
  axis: 'height' | 'width',
  size: number,
  kernel: number,
  stride: number,
  padding: number,
): number {
  if (size + padding < kernel) {
    const padded = padding > 0 ? ` plus padding ${padding}` : '';
    throw new ShapeError(
      `${where}: expected input ${axis}${padded} ≥ kernel ${axis} ${kernel}, got ${axis} ${size}; use a smaller kernel or pad the input`,
    );
  }
  return Math.floor((size + padding - kernel) / stride) + 1;
}

/** Window geometry of a pooling layer (no padding) for an NCHW input shape. */
export function poolGeometry(where: string, shape: Shape, kernelSize: Pair, stride: Pair): PoolGeometry {
  expectImage(where, -1, shape);
  const [batch, channels, height, width] = shape as [number, number, number, number];
  const [kernelH, kernelW] = kernelSize;
  const [strideH, strideW] = stride;
  return {
    planes: batch * channels,
    height,
    width,
    kernelH,
    kernelW,
    strideH,
    strideW,
    outH: windowCount(where, 'height', height, kernelH, strideH, 0),
    outW: windowCount(where, 'width', width, kernelW, strideW, 0),
  };
}
