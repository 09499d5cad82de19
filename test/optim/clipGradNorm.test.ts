import { clipGradNorm } from '../../src/optim/clipGradNorm';
import { expectAllClose, makeParam } from './fixtures';

describe('clipGradNorm', () => {
  it('scales all gradients together by maxNorm/(norm + 1e-6) and returns the norm before clipping', () => {
    // Global norm of [3, 0] and [4] is 5.
    const a = makeParam([0, 0], 'weight');
    const b = makeParam([0], 'bias');
    a.grad.data.set([3, 0]);
    b.grad.data.set([4]);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 12);
    const coef = 1 / (5 + 1e-6);
    expectAllClose(a.grad.data, [3 * coef, 0]);
    expectAllClose(b.grad.data, [4 * coef]);
  });

  it('leaves gradients alone when the norm is within maxNorm', () => {
    const a = makeParam([0, 0]);
    a.grad.data.set([0.6, -0.8]);
    expect(clipGradNorm([a], 2)).toBeCloseTo(1, 12);
    expectAllClose(a.grad.data, [0.6, -0.8]);
  });

  it('rejects a negative maxNorm', () => {
    expect(() => clipGradNorm([], -1)).toThrow('clipGradNorm: expected maxNorm to be a non-negative number, got -1');
  });
});
