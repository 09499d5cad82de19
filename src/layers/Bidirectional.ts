import { ConfigError, ShapeError, formatShape } from '../errors';
import { add, concatLastAxis, reverseTime, splitLastAxis } from '../kernels';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import type { DType, Shape, Tensor } from '../tensor/Tensor';
import { oneOf } from '../validate';
import { buildLayer } from './buildLayer';
import { requireCache, type CustomLayerConfig, type Layer, type Param } from './Layer';
import type { LayerConfig } from './LayerConfig';
import { expectSequence } from './sequenceShape';

export const MERGE_MODES = ['concat', 'sum'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

export interface BidirectionalConfig {
  readonly type: 'Bidirectional';
  readonly layer: LayerConfig | CustomLayerConfig;
  readonly merge?: MergeMode;
  /**
   * Only read when building from a JSON config, where it is inferred from the previous layer: the
   * wrapped layer's inputSize when `layer` leaves it out. toConfig() puts it in `layer` instead.
   */
  readonly inputSize?: number;
}

export interface BidirectionalOptions {
  /** How the two directions' outputs combine: [forward, backward] along the features, or their sum. */
  merge?: MergeMode;
  /** Seeds the reversed copy's weights (built from layer.toConfig()). */
  rng?: Rng;
}

/**
 * A recurrent layer run both ways (Schuster & Paliwal 1997; PyTorch's bidirectional=True, Keras's
 * Bidirectional): `layer` reads the sequence forward, a copy with its own weights (rebuilt from
 * layer.toConfig()) reads it reversed, R(X)[b, t] = X[b, T − 1 − t]:
 *   returnSequences:  Y = merge(F(X), R(B(R(X))))   — each step aligned to input time
 *   last state:       Y = merge(F(X), B(R(X)))      — the copy's state after the whole sequence
 *   merge: concat → [forward, backward] along the last axis (PyTorch's order); sum → F + B
 * backward: split (or copy) dY into dF, dB;  dX = F′ᵀ(dF) + R(B′ᵀ(R(dB))) (without the inner R for the last state).
 * paramGrads(): the forward copy's parameters named "forward.<name>", then the reversed copy's as
 * "backward.<name>" (PyTorch's weight_ih_l0 / weight_ih_l0_reverse).
 */
export class Bidirectional implements Layer {
  readonly name = 'Bidirectional';
  readonly forwardLayer: Layer;
  readonly backwardLayer: Layer;
  readonly merge: MergeMode;
  private mode = true;
  private params: readonly Param[] | undefined;
  private cache: { input: Shape; forward: Shape; sequences: boolean } | undefined;
  /** Work buffers by name, reused inside fit (see tensor/reuse.ts). */
  private readonly pool = new Map<string, Tensor>();

  constructor(layer: Layer, options: BidirectionalOptions = {}) {
    this.merge = oneOf('Bidirectional', 'merge', options.merge ?? 'concat', MERGE_MODES);
    const config = layer.toConfig();
    if (config.type === 'Bidirectional') {
      throw new ConfigError('Bidirectional: expected a recurrent layer to wrap, got another Bidirectional');
    }
    this.forwardLayer = layer;
    this.backwardLayer = buildLayer(config, options.rng);
    // The copy computes in the wrapped layer's dtype (buildLayer makes float32 parameters).
    const dtype = layer.paramGrads()[0]?.value.dtype;
    for (const p of dtype === 'float64' ? this.backwardLayer.paramGrads() : []) {
      p.value.data = Float64Array.from(p.value.data);
      p.grad.data = Float64Array.from(p.grad.data);
    }
  }

  get training(): boolean {
    return this.mode;
  }

  set training(value: boolean) {
    this.mode = value;
    this.forwardLayer.training = value;
    this.backwardLayer.training = value;
  }

  setRng(rng: Rng): void {
    this.forwardLayer.setRng?.(rng);
    this.backwardLayer.setRng?.(rng);
  }

  private buffer(name: string, shape: Shape, dtype: DType): Tensor {
    const t = reuseOrZeros(this.pool.get(name), shape, dtype);
    this.pool.set(name, t);
    return t;
  }

  forward(x: Tensor): Tensor {
    const [batch, time, features] = expectSequence('Bidirectional', x.shape);
    const reversed = this.buffer('reversed', x.shape, x.dtype);
    reverseTime(x.data, batch, time, features, reversed.data);
    const f = this.forwardLayer.forward(x);
    let b = this.backwardLayer.forward(reversed);
    const sequences = f.rank === 3;
    if (sequences) {
      const aligned = this.buffer('aligned', b.shape, b.dtype);
      reverseTime(b.data, batch, time, b.shape[2] as number, aligned.data);
      b = aligned;
    }
    this.cache = { input: x.shape, forward: f.shape, sequences };
    const y = this.buffer('output', this.mergedShape(f.shape), f.dtype);
    const width = f.shape[f.rank - 1] as number;
    if (this.merge === 'sum') add(f.data, b.data, y.data);
    else concatLastAxis(f.data, b.data, f.size / width, width, width, y.data);
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { dF, dB } = this.splitGrad(gradOut);
    const gradIn = this.buffer('gradIn', (this.cache as { input: Shape }).input, gradOut.dtype);
    const fromForward = this.forwardLayer.backward(dF);
    const fromBackward = this.backwardLayer.backward(dB);
    const [batch, time, features] = gradIn.shape as [number, number, number];
    reverseTime(fromBackward.data, batch, time, features, gradIn.data);
    add(gradIn.data, fromForward.data, gradIn.data);
    return gradIn;
  }

  backwardParams(gradOut: Tensor): void {
    const { dF, dB } = this.splitGrad(gradOut);
    for (const [layer, grad] of [[this.forwardLayer, dF], [this.backwardLayer, dB]] as const) {
      if (layer.backwardParams) layer.backwardParams(grad);
      else layer.backward(grad);
    }
  }

  /** dY split by direction, the backward direction's put back in its own (reversed) time order. */
  private splitGrad(gradOut: Tensor): { dF: Tensor; dB: Tensor } {
    const { forward, sequences } = requireCache(this.cache, this.name);
    const merged = this.mergedShape(forward);
    if (gradOut.shape.length !== merged.length || !merged.every((d, i) => d === gradOut.shape[i])) {
      throw new ShapeError(`Bidirectional.backward: expected gradOut of shape ${formatShape(merged)}, got ${formatShape(gradOut.shape)}`);
    }
    const width = forward[forward.length - 1] as number;
    const dF = this.buffer('dF', forward, gradOut.dtype);
    const dB = this.buffer('dB', forward, gradOut.dtype);
    const aligned = sequences ? this.buffer('dBaligned', forward, gradOut.dtype) : dB;
    if (this.merge === 'sum') {
      dF.data.set(gradOut.data);
      aligned.data.set(gradOut.data);
    } else {
      splitLastAxis(gradOut.data, dF.size / width, width, width, dF.data, aligned.data);
    }
    if (sequences) {
      const [batch, time] = forward as [number, number];
      reverseTime(aligned.data, batch, time, width, dB.data);
    }
    return { dF, dB };
  }

  private mergedShape(inner: Shape): Shape {
    if (this.merge === 'sum') return inner;
    return [...inner.slice(0, -1), 2 * (inner[inner.length - 1] as number)];
  }

  paramGrads(): readonly Param[] {
    this.params ??= [
      ...this.forwardLayer.paramGrads().map((p) => ({ name: `forward.${p.name}`, value: p.value, grad: p.grad })),
      ...this.backwardLayer.paramGrads().map((p) => ({ name: `backward.${p.name}`, value: p.value, grad: p.grad })),
    ];
    return this.params;
  }

  outputShape(inputShape: Shape): Shape {
    expectSequence('Bidirectional', inputShape);
    return this.mergedShape(this.forwardLayer.outputShape(inputShape));
  }

  toConfig(): BidirectionalConfig {
    return { type: 'Bidirectional', layer: this.forwardLayer.toConfig(), merge: this.merge };
  }
}
