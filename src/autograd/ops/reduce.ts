import {
  broadcastTo, logSoftmaxAxis, logSoftmaxAxisBackward, maxAxis, maxAxisBackward, reduceToShape,
  softmaxAxis, softmaxAxisBackward,
} from '../../kernels';
import { output } from '../buffers';
import { aroundAxis, normalizeAxes, normalizeAxis } from '../shapes';
import { Var } from '../Var';

/*
 * Reductions and the axis-wise softmax. With g = dL/dy:
 *   sum over axes S:   y = Σ_S x                 dx = g broadcast back over S
 *   mean over S:       y = (1/N) Σ_S x           dx = g/N broadcast back (N = entries summed)
 *   max along a:       y = max_a x               dx = g at the first argmax, 0 elsewhere
 *   softmax along a:   y = eˣ / Σ_a eˣ           dx = y ⊙ (g − Σ_a g ⊙ y)
 *   logSoftmax along a: y = x − log Σ_a eˣ       dx = g − softmax(x) ⊙ Σ_a g
 */

export function sum(x: Var, axes: number | readonly number[] | undefined, keepDims: boolean, mean: boolean): Var {
  const where = `Var.${mean ? 'mean' : 'sum'}`;
  const reduced = normalizeAxes(axes, x.shape.length, where);
  const kept = x.shape.map((dim, d) => (reduced.includes(d) ? 1 : dim));
  const count = reduced.reduce((n, d) => n * (x.shape[d] as number), 1);
  const scale = mean ? 1 / count : 1;
  const y = output(kept, x.dtype);
  reduceToShape(x.value.data, x.shape, y.data, kept, scale);
  const shape = keepDims ? kept : x.shape.filter((_, d) => !reduced.includes(d));
  return Var.record(keepDims ? y : y.reshape(shape), [x], (g) => {
    const dx = output(x.shape, x.dtype);
    broadcastTo(g.data, kept, dx.data, x.shape, scale);
    x.addGrad(dx, true);
  });
}

export function max(x: Var, axis: number, keepDims: boolean): Var {
  const a = normalizeAxis(axis, x.shape.length, 'Var.max');
  const { outer, n, inner } = aroundAxis(x.shape, a);
  const kept = x.shape.map((dim, d) => (d === a ? 1 : dim));
  const y = output(kept, x.dtype);
  const argmax = new Int32Array(outer * inner);
  maxAxis(x.value.data, y.data, argmax, outer, n, inner);
  const shape = keepDims ? kept : x.shape.filter((_, d) => d !== a);
  return Var.record(keepDims ? y : y.reshape(shape), [x], (g) => {
    const dx = output(x.shape, x.dtype);
    maxAxisBackward(g.data, argmax, dx.data, outer, n, inner);
    x.addGrad(dx, true);
  });
}

export function softmax(x: Var, axis: number, log: boolean): Var {
  const a = normalizeAxis(axis, x.shape.length, `Var.${log ? 'logSoftmax' : 'softmax'}`);
  const { outer, n, inner } = aroundAxis(x.shape, a);
  const y = output(x.shape, x.dtype);
  (log ? logSoftmaxAxis : softmaxAxis)(x.value.data, y.data, outer, n, inner);
  return Var.record(y, [x], (g) => {
    const dx = output(x.shape, x.dtype);
    (log ? logSoftmaxAxisBackward : softmaxAxisBackward)(y.data, g.data, dx.data, outer, n, inner);
    x.addGrad(dx, true);
  });
}
