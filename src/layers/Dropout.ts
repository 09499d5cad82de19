import { dropoutMask, mul } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import type { Shape, Tensor } from '../tensor/Tensor';
import { inRange } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';

export interface DropoutConfig {
  readonly type: 'Dropout';
  readonly p: number;
}

export interface DropoutOptions {
  /** The generator masks are drawn from; without one, globalRng() at each forward. */
  rng?: Rng;
}

/**
 * Inverted dropout (Srivastava et al. 2014), any shape. In training each value is kept with
 * probability 1 − p and scaled so the expected output equals the input, which lets eval be a no-op:
 *   training: y = x ⊙ m,  m ∈ {0, 1/(1 − p)} drawn anew each forward;   backward: dx = dy ⊙ m
 *   eval:     y = x;                                                    backward: dx = dy
 */
export class Dropout extends LayerBase implements Layer {
  readonly name = 'Dropout';
  training = true;
  readonly p: number;
  private rng: Rng | undefined;
  /** The last forward's shape and mask (undefined mask: that forward ran in eval mode). */
  private cache: { shape: Shape; mask: Tensor | undefined } | undefined;
  /** Reused inside fit (see tensor/reuse.ts), like the last mask; every entry is overwritten. */
  private mask: Tensor | undefined;
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(p: number, options: DropoutOptions = {}) {
    super();
    this.p = inRange('Dropout', 'p', p, 0, 1);
    this.rng = options.rng;
  }

  /** gradCheck and fit hand every forward the same generator state, so masks repeat. */
  setRng(rng: Rng): void {
    this.rng = rng;
  }

  forward(x: Tensor): Tensor {
    const y = reuseOrZeros(this.output, x.shape, x.dtype);
    this.output = y;
    if (!this.training) {
      // A copy, not x itself: the caller may change the output without touching the input.
      y.data.set(x.data);
      this.cache = { shape: x.shape, mask: undefined };
      return y;
    }
    const mask = reuseOrZeros(this.mask, x.shape, x.dtype);
    this.mask = mask;
    dropoutMask(mask.data, this.p, this.rng ?? globalRng());
    mul(x.data, mask.data, y.data);
    this.cache = { shape: x.shape, mask };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { shape, mask } = requireCache(this.cache, 'Dropout');
    expectGradShape('Dropout', shape, gradOut.shape);
    const gradIn = reuseOrZeros(this.gradIn, shape, gradOut.dtype);
    this.gradIn = gradIn;
    if (mask === undefined) gradIn.data.set(gradOut.data);
    else mul(gradOut.data, mask.data, gradIn.data);
    return gradIn;
  }

  paramGrads(): readonly Param[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  toConfig(): DropoutConfig {
    return { type: 'Dropout', p: this.p };
  }
}
