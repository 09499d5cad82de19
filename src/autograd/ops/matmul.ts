import { ShapeError, formatShape } from '../../errors';
import { gemm, gemmBatched } from '../../kernels';
import { output } from '../buffers';
import { Var, type Operand } from '../Var';
import { resultDtype } from './elementwise';

/**
 * Matrix product, batched over a leading dimension when there is one:
 *   Y = A·B,   A: [m, k] or [b, m, k],  B: [k, n] or [b, k, n]  → Y: [m, n] or [b, m, n]
 *   dA = dY·Bᵀ,  dB = Aᵀ·dY   (per batch; a shared operand sums its gradient over the batch)
 * Every product is one gemm call with transpose flags; [b, m, k]·[k, n] is a single
 * [b·m, k]·[k, n] gemm, so a Linear written with matmul costs what the built-in one does.
 */
export function matmul(a: Var, operand: Operand): Var {
  const b = Var.of(operand, a.dtype);
  const [ra, rb] = [a.shape.length, b.shape.length];
  const bad = (): ShapeError =>
    new ShapeError(
      `Var.matmul: expected [m, k]·[k, n], [b, m, k]·[b, k, n], [b, m, k]·[k, n] or [m, k]·[b, k, n], got ${formatShape(a.shape)}·${formatShape(b.shape)}`,
    );
  if (ra < 2 || ra > 3 || rb < 2 || rb > 3) throw bad();
  const batch = ra === 3 ? (a.shape[0] as number) : rb === 3 ? (b.shape[0] as number) : 1;
  if (ra === 3 && rb === 3 && b.shape[0] !== batch) throw bad();
  const m = a.shape[ra - 2] as number;
  const k = a.shape[ra - 1] as number;
  const n = b.shape[rb - 1] as number;
  if (b.shape[rb - 2] !== k) throw bad();
  const shape = ra === 3 || rb === 3 ? [batch, m, n] : [m, n];
  const y = output(shape, resultDtype(a.value, b.value));
  const A = a.value.data;
  const B = b.value.data;

  if (rb === 2) {
    // [m, k]·[k, n] and [b, m, k]·[k, n]: one product with M = b·m rows.
    const rows = batch * m;
    gemm(false, false, rows, n, k, 1, A, B, 0, y.data);
    return Var.record(y, [a, b], (g) => {
      if (a.requiresGrad) {
        const dA = a.gradTarget();
        gemm(false, true, rows, k, n, 1, g.data, B, dA.beta, dA.data);
      }
      if (b.requiresGrad) {
        const dB = b.gradTarget();
        gemm(true, false, k, n, rows, 1, A, g.data, dB.beta, dB.data);
      }
    });
  }
  const strideA = ra === 3 ? m * k : 0;
  gemmBatched(false, false, batch, m, n, k, 1, A, strideA, B, k * n, 0, y.data, m * n);
  return Var.record(y, [a, b], (g) => {
    if (a.requiresGrad) {
      const dA = a.gradTarget();
      gemmBatched(false, true, batch, m, k, n, 1, g.data, m * n, B, k * n, dA.beta, dA.data, strideA);
    }
    if (b.requiresGrad) {
      const dB = b.gradTarget();
      gemmBatched(true, false, batch, k, n, m, 1, A, strideA, g.data, m * n, dB.beta, dB.data, k * n);
    }
  });
}
