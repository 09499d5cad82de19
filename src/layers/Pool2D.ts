import type { PoolGeometry } from '../kernels';
import type { Shape, Tensor } from '../tensor/Tensor';
import type { Layer, Param } from './Layer';
import { LayerBase } from './LayerBase';
import { pairToConfig, poolGeometry, toPair, type Pair } from './spatial';

type PoolType = 'MaxPool2D' | 'AvgPool2D';

/** The config of a pooling layer of type T. */
export interface Pool2DConfig<T extends PoolType> {
  readonly type: T;
  readonly kernelSize: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
}

/**
 * The shared body of MaxPool2D and AvgPool2D: kh×kw windows moved by (sh, sw) over NCHW input,
 * no padding, H' = ⌊(H − kh)/sh⌋ + 1. A subclass gives forward and backward.
 */
export abstract class Pool2D<T extends PoolType> extends LayerBase implements Layer {
  readonly name: T;
  training = true;
  readonly kernelSize: Pair;
  readonly stride: Pair;

  /** `stride` defaults to `kernelSize` (non-overlapping windows), as in PyTorch and Keras. */
  constructor(name: T, kernelSize: number | readonly [number, number], stride?: number | readonly [number, number]) {
    super();
    this.name = name;
    this.kernelSize = toPair(name, 'kernelSize', kernelSize);
    this.stride = toPair(name, 'stride', stride ?? kernelSize);
  }

  abstract forward(x: Tensor): Tensor;
  abstract backward(gradOut: Tensor): Tensor;

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const g = this.geometry(inputShape);
    return [inputShape[0] as number, inputShape[1] as number, g.outH, g.outW];
  }

  toConfig(): Pool2DConfig<'MaxPool2D'> | Pool2DConfig<'AvgPool2D'> {
    const type: PoolType = this.name;
    return { type, kernelSize: pairToConfig(this.kernelSize), stride: pairToConfig(this.stride) };
  }

  protected geometry(shape: Shape): PoolGeometry {
    return poolGeometry(this.name, shape, this.kernelSize, this.stride);
  }
}
