import { AdamW } from '../../src/optim/AdamW';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { ADAM_DEFAULTS, adamReference, expectAllClose, makeParam, runSteps } from './fixtures';

describe('AdamW', () => {
  it('ADAM_DEFAULTS to weightDecay 0.01 and decays θ before the Adam step', () => {
    const adamw = new AdamW({ lr: 0.01 });
    expect(adamw.weightDecay).toBe(0.01);
    expectAllClose(runSteps(adamw, 6), adamReference(6, { ...ADAM_DEFAULTS, lr: 0.01, wd: 0.01, decoupled: true }));
  });

  it('differs from Adam with the same weight decay (decoupled, not an L2 term)', () => {
    const settings = { ...ADAM_DEFAULTS, lr: 0.05, wd: 0.5 };
    const adamw = runSteps(new AdamW({ lr: 0.05, weightDecay: 0.5 }), 4);
    expectAllClose(adamw, adamReference(4, { ...settings, decoupled: true }));
    const adam = adamReference(4, { ...settings, decoupled: false });
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
