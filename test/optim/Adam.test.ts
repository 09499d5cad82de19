import { ConfigError } from '../../src/errors';
import { Adam } from '../../src/optim/Adam';
import { AdamW } from '../../src/optim/AdamW';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { ADAM_DEFAULTS, adamReference, expectAllClose, makeParam, runSteps, setGrad } from './fixtures';

describe('Adam', () => {
  it('moves each weight by about lr on the first step (bias correction, numbers by hand)', () => {
    // m̂₁ = g, v̂₁ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
    const param = makeParam([1, 1]);
    param.grad.data.set([0.5, -2]);
    new Adam({ lr: 0.1 }).step([param]);
    expectAllClose(param.value.data, [0.9, 1.1], 7);
  });

  it.each([
    ['ADAM_DEFAULTS', { ...ADAM_DEFAULTS, wd: 0 }],
    ['custom betas and eps', { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-3, wd: 0 }],
    ['L2 weight decay', { ...ADAM_DEFAULTS, lr: 0.01, wd: 0.1 }],
  ])('follows torch.optim.Adam over 6 steps: %s', (_label, settings) => {
    const adam = new Adam({ lr: settings.lr, beta1: settings.beta1, beta2: settings.beta2, eps: settings.eps, weightDecay: settings.wd });
    expectAllClose(runSteps(adam, 6), adamReference(6, { ...settings, decoupled: false }));
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
    expectAllClose(late.value.data, adamReference(1, { ...ADAM_DEFAULTS, lr: 0.01, wd: 0, decoupled: false }));
    expectAllClose(early.value.data, adamReference(4, { ...ADAM_DEFAULTS, lr: 0.01, wd: 0, decoupled: false }));
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
