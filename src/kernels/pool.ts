import type { FloatArray } from '../tensor/Tensor';

/*
 * 2-D pooling over NCHW tensors, treated as `planes = batch·channels` independent images of
 * height×width. Windows have no padding: outH = ⌊(height − kernelH) / strideH⌋ + 1, likewise outW.
 */

export interface PoolGeometry {
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly outH: number;
  readonly outW: number;
}

/**
 * y[p, oy, ox] = max over the window; argmax[p, oy, ox] = flat index into x of that maximum (the
 * first one on ties), which is where backward routes the gradient.
 */
export function maxPoolForward(x: FloatArray, g: PoolGeometry, y: FloatArray, argmax: Int32Array): void {
  const { planes, height, width, kernelH, kernelW, strideH, strideW, outH, outW } = g;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        const top = base + oy * strideH * width + ox * strideW;
        let best = top;
        let bestValue = x[top] as number;
        for (let i = 0; i < kernelH; i++) {
          for (let j = 0; j < kernelW; j++) {
            const at = top + i * width + j;
            const v = x[at] as number;
            if (v > bestValue) {
              bestValue = v;
              best = at;
            }
          }
        }
        y[o] = bestValue;
        argmax[o] = best;
      }
    }
  }
}

/** dx[argmax[o]] += dy[o] */
export function maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray): void {
  for (let o = 0; o < dy.length; o++) dx[argmax[o] as number]! += dy[o] as number;
}

/** y[p, oy, ox] = mean of the window. */
export function avgPoolForward(x: FloatArray, g: PoolGeometry, y: FloatArray): void {
  const { planes, height, width, kernelH, kernelW, strideH, strideW, outH, outW } = g;
  const inv = 1 / (kernelH * kernelW);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        const top = base + oy * strideH * width + ox * strideW;
        let total = 0;
        for (let i = 0; i < kernelH; i++) {
          for (let j = 0; j < kernelW; j++) total += x[top + i * width + j] as number;
        }
        y[o] = total * inv;
      }
    }
  }
}

/** dx[window] += dy[o] / (kernelH·kernelW) for every window o. */
export function avgPoolBackward(dy: FloatArray, g: PoolGeometry, dx: FloatArray): void {
  const { planes, height, width, kernelH, kernelW, strideH, strideW, outH, outW } = g;
  const inv = 1 / (kernelH * kernelW);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        const top = base + oy * strideH * width + ox * strideW;
        const share = (dy[o] as number) * inv;
        for (let i = 0; i < kernelH; i++) {
          for (let j = 0; j < kernelW; j++) dx[top + i * width + j]! += share;
        }
      }
    }
  }
}

/** y[p] = mean of plane p (x: [planes, size]). */
export function globalAvgPoolForward(x: FloatArray, planes: number, size: number, y: FloatArray): void {
  const inv = 1 / size;
  for (let p = 0, o = 0; p < planes; p++) {
    let total = 0;
    for (let k = 0; k < size; k++, o++) total += x[o] as number;
    y[p] = total * inv;
  }
}

/** dx[p, k] = dy[p] / size */
export function globalAvgPoolBackward(dy: FloatArray, planes: number, size: number, dx: FloatArray): void {
  const inv = 1 / size;
  for (let p = 0, o = 0; p < planes; p++) {
    const share = (dy[p] as number) * inv;
    for (let k = 0; k < size; k++, o++) dx[o] = share;
  }
}
