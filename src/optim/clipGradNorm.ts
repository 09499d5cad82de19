import { scale, sumSquares } from '../kernels';
import { distinctParams, type Param } from '../tensor/Param';
import { nonNegativeNumber } from '../validate';

/**
 * Clips gradients by their global L2 norm, as torch.nn.utils.clip_grad_norm_:
 *   norm = √(Σ_params Σ g²);  when c = maxNorm/(norm + 1e-6) < 1, every g ← c·g
 * All gradients are scaled by the same factor, so the update keeps its direction.
 * Returns the norm before clipping (worth logging: a growing norm warns of divergence). A NaN norm
 * (NaN gradients) leaves the gradients alone and is returned for the caller to act on.
 */
export function clipGradNorm(list: readonly Param[], maxNorm: number): number {
  nonNegativeNumber('clipGradNorm', 'maxNorm', maxNorm);
  const params = distinctParams(list); // a shared layer's gradient counts once
  let total = 0;
  for (const param of params) total += sumSquares(param.grad.data);
  const norm = Math.sqrt(total);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (const param of params) scale(param.grad.data, coef, param.grad.data);
  }
  return norm;
}
