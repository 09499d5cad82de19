import { buildLoss } from '../../src/losses/buildLoss';
import type { Loss } from '../../src/losses/Loss';
import { Tensor } from '../../src/tensor/Tensor';

/**
 * Central differences in float64 of loss.forward with respect to the prediction, against
 * loss.backward: relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-3) < 1e-6.
 */
export function expectLossGradientCorrect(loss: Loss, prediction: Tensor, target: Tensor, eps = 1e-6): void {
  const p = prediction.astype('float64');
  loss.forward(p, target);
  const analytic = loss.backward();
  expect(analytic.shape).toEqual(p.shape);
  expect(analytic.dtype).toBe('float64');
  let diff = 0;
  let normA = 0;
  let normN = 0;
  for (let i = 0; i < p.size; i++) {
    const original = p.data[i] as number;
    p.data[i] = original + eps;
    const plus = loss.forward(p, target);
    p.data[i] = original - eps;
    const minus = loss.forward(p, target);
    p.data[i] = original;
    const numeric = (plus - minus) / (2 * eps);
    const a = analytic.data[i] as number;
    diff += (a - numeric) ** 2;
    normA += a * a;
    normN += numeric * numeric;
  }
  const error = Math.sqrt(diff) / Math.max(Math.sqrt(normA), Math.sqrt(normN), 1e-3);
  expect(error).toBeLessThan(1e-6);
}

/** toConfig → JSON → buildLoss gives a loss with the same name, config and value. */
export function expectLossConfigRoundTrip(loss: Loss, prediction: Tensor, target: Tensor): void {
  const rebuilt = buildLoss(JSON.parse(JSON.stringify(loss.toConfig())));
  expect(rebuilt.name).toBe(loss.name);
  expect(rebuilt.toConfig()).toEqual(loss.toConfig());
  expect(rebuilt.forward(prediction, target)).toBe(loss.forward(prediction, target));
}
