import {
  addChannelBias, col2im, directConvFilterGrad, directConvForward, directConvPreferred, gemm, im2col, sumChannels,
  swapLeadingAxes, zeroFill, type ConvGeometry,
} from '../kernels';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros, workArray } from '../tensor/reuse';
import { Tensor, type DType, type FloatArray, type Shape } from '../tensor/Tensor';
import { boolean, oneOf, positiveInt, optionError } from '../validate';
import { initWeight, INITS, type Init } from './init';
import { expectGradShape, requireCache, type Layer, type Param } from './Layer';
import { LayerBase } from './LayerBase';
import { expectImage, pairToConfig, toPair, windowCount, type Pair } from './spatial';

export type Conv2DPadding = number | readonly [number, number] | 'same';

export interface Conv2DConfig {
  readonly type: 'Conv2D';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
  readonly padding?: Conv2DPadding;
  readonly bias?: boolean;
  readonly init?: Init;
}

export interface Conv2DOptions {
  /** Step between receptive fields, one number or [h, w]. Default 1. */
  stride?: number | readonly [number, number];
  /**
   * Zeros added on each side, one number or [h, w]; or 'same': output size ⌈input / stride⌉, the
   * total padding split with the odd one at the bottom/right (TensorFlow's and ONNX SAME_UPPER's rule,
   * which for stride 1 equals PyTorch's padding='same'). Default 0.
   */
  padding?: Conv2DPadding;
  bias?: boolean;
  /** Default xavierUniform with fan-in in·kh·kw and fan-out out·kh·kw, as Keras's Conv2D and our Linear. */
  init?: Init;
  rng?: Rng;
  dtype?: DType;
}

/**
 * 2-D convolution (cross-correlation, as in every framework), NCHW:
 *   Y[n, o, y, x] = b[o] + Σ_{c,i,j} W[o, c, i, j] · X[n, c, y·sh − pt + i, x·sw − pl + j]
 *   X: [batch, in, H, W], W: [out, in, kh, kw] (PyTorch/ONNX layout), b: [out] → Y: [batch, out, H', W']
 * computed as one matrix product over the batch, with cols = im2col(X): [in·kh·kw, batch·H'·W']:
 *   Yᵀ = W·cols                         (Yᵀ: [out, batch·H'·W'])
 * backward:
 *   dW += dYᵀ·colsᵀ,  db += Σ_{n,y,x} dY,  dX = col2im(Wᵀ·dYᵀ)
 * Where the kernels say a direct convolution is faster (directConvPreferred: wasm, float32, stride 1
 * and few products per output, such as a first layer on one channel), Y and dW come from
 * directConvForward / directConvFilterGrad instead, without the unfolded columns; dX is unchanged.
 */
export class Conv2D extends LayerBase implements Layer {
  readonly name = 'Conv2D';
  training = true;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair | 'same';
  readonly init: Init;
  readonly weight: Param;
  readonly bias: Param | undefined;
  /** cols: the unfolded input (im2col path) or undefined when the forward ran directly on `input`. */
  private cache:
    | { geometry: ConvGeometry; cols: FloatArray | undefined; input: FloatArray; inputShape: Shape; outputShape: Shape }
    | undefined;
  /**
   * Work arrays kept between calls (the unfolded input, the gemm results in channel-major order):
   * the same batch shape every step would otherwise allocate and zero ~1 MB per step for nothing.
   */
  private readonly scratch = new Map<'cols' | 'yT' | 'dyT' | 'dcols', FloatArray>();
  /** Reused inside fit (see tensor/reuse.ts): the outputs of the last forward and backward. */
  private output: Tensor | undefined;
  private gradIn: Tensor | undefined;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2DOptions = {},
  ) {
    super();
    this.inChannels = positiveInt('Conv2D', 'inChannels', inChannels);
    this.outChannels = positiveInt('Conv2D', 'outChannels', outChannels);
    this.kernelSize = toPair('Conv2D', 'kernelSize', kernelSize);
    this.stride = toPair('Conv2D', 'stride', options.stride ?? 1);
    const padding = options.padding ?? 0;
    if (typeof padding === 'string' && padding !== 'same') {
      throw optionError('Conv2D', 'padding', 'a non-negative integer, a pair or "same"', padding);
    }
    this.padding = padding === 'same' ? 'same' : toPair('Conv2D', 'padding', padding, 0);
    this.init = oneOf('Conv2D', 'init', options.init ?? 'xavierUniform', INITS);
    const useBias = boolean('Conv2D', 'bias', options.bias ?? true);
    const dtype = options.dtype ?? 'float32';
    const [kh, kw] = this.kernelSize;
    const shape = [outChannels, inChannels, kh, kw];
    const w = initWeight(this.init, shape, inChannels * kh * kw, outChannels * kh * kw, options.rng, dtype);
    this.weight = { name: 'weight', value: w, grad: Tensor.zeros(shape, dtype) };
    this.bias = useBias
      ? { name: 'bias', value: Tensor.zeros([outChannels], dtype), grad: Tensor.zeros([outChannels], dtype) }
      : undefined;
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry(x.shape);
    const outputShape = [g.batch, this.outChannels, g.outH, g.outW];
    if (directConvPreferred(g, x.dtype)) {
      const y = reuseOrZeros(this.output, outputShape, x.dtype);
      this.output = y;
      directConvForward(x.data, this.weight.value.data, this.bias?.value.data, g, this.outChannels, y.data);
      this.cache = { geometry: g, cols: undefined, input: x.data, inputShape: x.shape, outputShape };
      return y;
    }
    const plane = g.outH * g.outW;
    const columns = g.batch * plane;
    const rows = this.inChannels * g.kernelH * g.kernelW;
    const cols = this.work('cols', rows * columns, x.dtype);
    im2col(x.data, g, cols);
    const yT = this.work('yT', this.outChannels * columns, x.dtype);
    gemm(false, false, this.outChannels, columns, rows, 1, this.weight.value.data, cols, 0, yT);
    if (this.bias) addChannelBias(yT, this.bias.value.data, 1, this.outChannels, columns);
    const y = reuseOrZeros(this.output, outputShape, x.dtype);
    this.output = y;
    swapLeadingAxes(yT, this.outChannels, g.batch, plane, y.data);
    this.cache = { geometry: g, cols, input: x.data, inputShape: x.shape, outputShape };
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const { g, dyT: swapped, rows, columns, inputShape } = this.accumulateParamGrads(gradOut);
    const out = this.outChannels;
    const dyT = swapped ?? this.swapGrad(gradOut, g);
    // dcols = Wᵀ·dYᵀ  ([in·kh·kw, out]·[out, batch·plane]), folded back onto the image
    const dcols = this.work('dcols', rows * columns, gradOut.dtype);
    gemm(true, false, rows, columns, out, 1, this.weight.value.data, dyT, 0, dcols);
    const gradIn = reuseOrZeros(this.gradIn, inputShape, gradOut.dtype);
    // col2im adds (overlapping fields sum up), so a reused buffer must start from zero again.
    if (gradIn === this.gradIn) zeroFill(gradIn.data);
    this.gradIn = gradIn;
    col2im(dcols, g, gradIn.data);
    return gradIn;
  }

  /** dW and db only, for a first layer whose dX nobody reads (skips the dcols gemm and col2im). */
  backwardParams(gradOut: Tensor): void {
    this.accumulateParamGrads(gradOut);
  }

  /**
   * dW += dYᵀ·colsᵀ (or directly from the input, see the class comment), db += Σ dY per channel;
   * returns the geometry and sizes that dX needs, and dYᵀ when it was computed.
   */
  private accumulateParamGrads(gradOut: Tensor): {
    g: ConvGeometry;
    dyT: FloatArray | undefined;
    rows: number;
    columns: number;
    inputShape: Shape;
  } {
    const { geometry: g, cols, input, inputShape, outputShape } = requireCache(this.cache, 'Conv2D');
    expectGradShape('Conv2D', outputShape, gradOut.shape);
    const plane = g.outH * g.outW;
    const columns = g.batch * plane;
    const rows = this.inChannels * g.kernelH * g.kernelW;
    const out = this.outChannels;
    let dyT: FloatArray | undefined;
    if (cols === undefined) {
      directConvFilterGrad(input, gradOut.data, g, out, this.weight.grad.data);
    } else {
      dyT = this.swapGrad(gradOut, g);
      // dW += dYᵀ·colsᵀ  ([out, batch·plane]·[batch·plane, in·kh·kw])
      gemm(false, true, out, rows, columns, 1, dyT, cols, 1, this.weight.grad.data);
    }
    if (this.bias) sumChannels(gradOut.data, g.batch, out, plane, this.bias.grad.data);
    return { g, dyT, rows, columns, inputShape };
  }

  /** dY in gemm's channel-major order: [batch, out, plane] → [out, batch·plane]. */
  private swapGrad(gradOut: Tensor, g: ConvGeometry): FloatArray {
    const plane = g.outH * g.outW;
    const dyT = this.work('dyT', this.outChannels * g.batch * plane, gradOut.dtype);
    swapLeadingAxes(gradOut.data, g.batch, this.outChannels, plane, dyT);
    return dyT;
  }

  paramGrads(): readonly Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  outputShape(inputShape: Shape): Shape {
    const g = this.geometry(inputShape);
    return [g.batch, this.outChannels, g.outH, g.outW];
  }

  toConfig(): Conv2DConfig {
    return {
      type: 'Conv2D',
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: pairToConfig(this.kernelSize),
      stride: pairToConfig(this.stride),
      padding: this.padding === 'same' ? 'same' : pairToConfig(this.padding),
      bias: this.bias !== undefined,
      init: this.init,
    };
  }

  /** A work array of `size` values of `dtype`, reused while size and dtype stay the same; every caller overwrites it whole. */
  private work(slot: 'cols' | 'yT' | 'dyT' | 'dcols', size: number, dtype: DType): FloatArray {
    const current = this.scratch.get(slot);
    const array = workArray(current, size, dtype);
    if (array !== current) this.scratch.set(slot, array);
    return array;
  }

  private geometry(shape: Shape): ConvGeometry {
    expectImage('Conv2D', this.inChannels, shape);
    const [batch, channels, height, width] = shape as [number, number, number, number];
    const [kernelH, kernelW] = this.kernelSize;
    const [strideH, strideW] = this.stride;
    let padTop: number, padLeft: number, outH: number, outW: number;
    if (this.padding === 'same') {
      outH = Math.ceil(height / strideH);
      outW = Math.ceil(width / strideW);
      padTop = Math.floor(Math.max((outH - 1) * strideH + kernelH - height, 0) / 2);
      padLeft = Math.floor(Math.max((outW - 1) * strideW + kernelW - width, 0) / 2);
    } else {
      [padTop, padLeft] = this.padding;
      outH = windowCount('Conv2D', 'height', height, kernelH, strideH, 2 * padTop);
      outW = windowCount('Conv2D', 'width', width, kernelW, strideW, 2 * padLeft);
    }
    return { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft, outH, outW };
  }
}
