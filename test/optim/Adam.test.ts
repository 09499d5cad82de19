import { ConfigError } from '../../src/errors';
import { Adam } from '../../src/optim/Adam';
import { AdamW } from '../../src/optim/AdamW';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import type { Optimizer } from '../../src/optim/Optimizer';
import { THETA0, expectAllClose, gradientAt, makeParam, setGrad } from './fixtures';

interface Settings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
  decoupled: boolean;
}

/**
 * torch.optim.Adam / AdamW re-derived on plain numbers, t = 1, 2, …:
 * AdamW: θ ← θ(1 − lr·wd); Adam: g ← g + wd·θ; m, v moving averages;
 * θ ← θ − lr · m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
function reference(steps: number, s: Settings): number[] {
  const theta = [...THETA0];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const grad = gradientAt(t - 1);
    for (let i = 0; i < theta.length; i++) {
      let p = theta[i] as number;
      let g = grad[i] as number;
      if (s.decoupled) p = p * (1 - s.lr * s.wd);
      else g = g + s.wd * p;
      m[i] = s.beta1 * (m[i] as number) + (1 - s.beta1) * g;
      v[i] = s.beta2 * (v[i] as number) + (1 - s.beta2) * g * g;
      const mHat = (m[i] as number) / (1 - s.beta1 ** t);
      const vHat = (v[i] as number) / (1 - s.beta2 ** t);
      theta[i] = p - (s.lr * mHat) / (Math.sqrt(vHat) + s.eps);
    }
  }
  return theta;
}

function run(optimizer: Optimizer, steps: number): Float64Array | Float32Array {
  const param = makeParam();
  for (let t = 0; t < steps; t++) {
    setGrad(param, t);
    optimizer.step([param]);
  }
  return param.value.data;
}

const defaults = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

describe('Adam', () => {
  it('moves each weight by about lr on the first step (bias correction, numbers by hand)', () => {
    // m̂₁ = g, v̂₁ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
    const param = makeParam([1, 1]);
    param.grad.data.set([0.5, -2]);
    new Adam({ lr: 0.1 }).step([param]);
    expectAllClose(param.value.data, [0.9, 1.1], 7);
  });

  it.each([
    ['defaults', { ...defaults, wd: 0 }],
    ['custom betas and eps', { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-3, wd: 0 }],
    ['L2 weight decay', { ...defaults, lr: 0.01, wd: 0.1 }],
  ])('follows torch.optim.Adam over 6 steps: %s', (_label, settings) => {
    const adam = new Adam({ lr: settings.lr, beta1: settings.beta1, beta2: settings.beta2, eps: settings.eps, weightDecay: settings.wd });
    expectAllClose(run(adam, 6), reference(6, { ...settings, decoupled: false }));
  });

  it('keeps the step count per parameter', () => {
    const adam = new Adam({ lr: 0.01 });
    const early = makeParam();
    for (let t = 0; t < 3; t++) {
      setGrad(early, t);
      adam.step([early]);
    }
    // A parameter that joins later starts its own bias correction at t = 1.
    const late = makeParam();
    setGrad(late, 0);
    setGrad(early, 3);
    adam.step([{ ...early }, { ...late }]);
    expectAllClose(late.value.data, reference(1, { ...defaults, lr: 0.01, wd: 0, decoupled: false }));
    expectAllClose(early.value.data, reference(4, { ...defaults, lr: 0.01, wd: 0, decoupled: false }));
  });

  it('round-trips its config and validates options', () => {
    const adam = new Adam({ lr: 0.01, beta1: 0.5, weightDecay: 0.1 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(adam.toConfig())));
    expect(rebuilt).toBeInstanceOf(Adam);
    expect(rebuilt).not.toBeInstanceOf(AdamW);
    expect(rebuilt.toConfig()).toEqual({ type: 'Adam', lr: 0.01, beta1: 0.5, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
    expect(() => new Adam({ lr: -1 })).toThrow(ConfigError);
    expect(() => new Adam({ lr: -1 })).toThrow('Adam: expected lr to be a non-negative number, got -1');
    expect(() => new Adam({ beta2: 1 })).toThrow('Adam: expected beta2 in [0, 1), got 1');
  });
});

describe('AdamW', () => {
  it('defaults to weightDecay 0.01 and decays θ before the Adam step', () => {
    const adamw = new AdamW({ lr: 0.01 });
    expect(adamw.weightDecay).toBe(0.01);
    expectAllClose(run(adamw, 6), reference(6, { ...defaults, lr: 0.01, wd: 0.01, decoupled: true }));
  });

  it('differs from Adam with the same weight decay (decoupled, not an L2 term)', () => {
    const settings = { ...defaults, lr: 0.05, wd: 0.5 };
    const adamw = run(new AdamW({ lr: 0.05, weightDecay: 0.5 }), 4);
    expectAllClose(adamw, reference(4, { ...settings, decoupled: true }));
    const adam = reference(4, { ...settings, decoupled: false });
    expect(Math.abs((adamw[0] as number) - (adam[0] as number))).toBeGreaterThan(1e-3);
  });

  it('decays a weight with zero gradient by exactly (1 − lr·wd) per step (numbers by hand)', () => {
    const param = makeParam([2]);
    const adamw = new AdamW({ lr: 0.1, weightDecay: 0.5 });
    adamw.step([param]);
    adamw.step([param]);
    expectAllClose(param.value.data, [2 * 0.95 * 0.95]);
  });

  it('round-trips its config and validates options', () => {
    const adamw = new AdamW({ lr: 0.002 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(adamw.toConfig())));
    expect(rebuilt).toBeInstanceOf(AdamW);
    expect(rebuilt.name).toBe('AdamW');
    expect(rebuilt.toConfig()).toEqual({ type: 'AdamW', lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 });
    expect(() => new AdamW({ weightDecay: -0.1 })).toThrow('AdamW: expected weightDecay to be a non-negative number, got -0.1');
  });
});
