import { dropoutMask, mul } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { Tensor, type Shape } from '../tensor/Tensor';
import { inRange } from '../validate';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';

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
export class Dropout implements Layer {
  readonly name = 'Dropout';
  training = true;
  readonly p: number;
  private rng: Rng | undefined;
  /** The last forward's shape and mask (undefined mask: that forward ran in eval mode). */
  private cache: { shape: Shape; mask: Tensor | undefined } | undefined;

  constructor(p: number, options: DropoutOptions = {}) {
    this.p = inRange('Dropout', 'p', p, 0, 1);
    this.rng = options.rng;
  }

  /** gradCheck and fit hand every forward the same generator state, so masks repeat. */
  setRng(rng: Rng): void {
    this.rng = rng;
  }

  forward(x: Tensor): Tensor {
    if (!this.training) {
      this.cache = { shape: x.shape, mask: undefined };
      return x.clone();
    }
    const mask = Tensor.zeros(x.shape, x.dtype);
    dropoutMask(mask.data, this.p, this.rng ?? globalRng());
    const y = Tensor.zeros(x.shape, x.dtype);
    mul(x.data, mask.data, y.data);
    this.cache = { shape: x.shape, mask };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { shape, mask } = requireCache(this.cache, 'Dropout');
    expectGradShape('Dropout', shape, gradOut.shape);
    if (mask === undefined) return gradOut.clone();
    const gradIn = Tensor.zeros(shape, gradOut.dtype);
    mul(gradOut.data, mask.data, gradIn.data);
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
