import { ConfigError } from '../../src/errors';
import { Adamax } from '../../src/optim/Adamax';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { THETA0, expectAllClose, gradientAt, makeParam, runSteps, setGrad } from './fixtures';

interface AdamaxSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
}

/**
 * torch.optim.Adamax re-derived on plain numbers, t = 1, 2, …:
 * g ← g + wd·θ;  m = β₁m + (1 − β₁)g;  u = max(β₂u, |g| + ε);  θ ← θ − lr/(1 − β₁ᵗ) · m/u.
 */
function adamaxReference(steps: number, s: AdamaxSettings): number[] {
  const theta = [...THETA0];
  const m = theta.map(() => 0);
  const u = theta.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const grad = gradientAt(t - 1);
    for (let i = 0; i < theta.length; i++) {
      const p = theta[i] as number;
      const g = (grad[i] as number) + s.wd * p;
      m[i] = s.beta1 * (m[i] as number) + (1 - s.beta1) * g;
      u[i] = Math.max(s.beta2 * (u[i] as number), Math.abs(g) + s.eps);
      theta[i] = p - (s.lr / (1 - s.beta1 ** t)) * ((m[i] as number) / (u[i] as number));
    }
  }
  return theta;
}

const DEFAULTS = { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0 };

describe('Adamax', () => {
  it('moves each weight by about lr on the first step (numbers by hand)', () => {
    // m₁/(1 − β₁) = g, u₁ = |g| + ε, so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
    const param = makeParam([1, 1]);
    param.grad.data.set([0.5, -2]);
    new Adamax({ lr: 0.1 }).step([param]);
    expectAllClose(param.value.data, [0.9, 1.1], 7);
  });

  it.each([
    ['the defaults', DEFAULTS],
    ['custom betas and eps', { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-3, wd: 0 }],
    ['L2 weight decay', { ...DEFAULTS, lr: 0.01, wd: 0.1 }],
  ])('follows torch.optim.Adamax over 6 steps: %s', (_label, s) => {
    const adamax = new Adamax({ lr: s.lr, beta1: s.beta1, beta2: s.beta2, eps: s.eps, weightDecay: s.wd });
    expectAllClose(runSteps(adamax, 6), adamaxReference(6, s));
  });

  it('has PyTorch defaults and keeps the step count per parameter', () => {
    const adamax = new Adamax();
    expect(adamax.toConfig()).toEqual({ type: 'Adamax', lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const early = makeParam();
    for (let t = 0; t < 3; t++) {
      setGrad(early, t);
      adamax.step([early]);
    }
    const late = makeParam();
    setGrad(late, 0);
    adamax.step([{ ...late }]);
    expectAllClose(late.value.data, adamaxReference(1, DEFAULTS));
    expectAllClose(early.value.data, adamaxReference(3, DEFAULTS));
  });

  it('round-trips its config and refuses bad options', () => {
    const adamax = new Adamax({ lr: 0.01, beta1: 0.5, weightDecay: 0.1 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(adamax.toConfig())));
    expect(rebuilt).toBeInstanceOf(Adamax);
    expect(rebuilt.toConfig()).toEqual({ type: 'Adamax', lr: 0.01, beta1: 0.5, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
    expect(() => new Adamax({ lr: -1 })).toThrow(ConfigError);
    expect(() => new Adamax({ lr: -1 })).toThrow('Adamax: expected lr to be a non-negative number, got -1');
    expect(() => new Adamax({ beta2: 1 })).toThrow('Adamax: expected beta2 in [0, 1), got 1');
    expect(() => new Adamax(null as never)).toThrow('Adamax: expected options { lr?, beta1?, beta2?, eps?, weightDecay? }, got null');
  });
});
