import { ConfigError } from '../../src/errors';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import type { Optimizer } from '../../src/optim/Optimizer';
import { RMSprop } from '../../src/optim/RMSprop';
import { THETA0, expectAllClose, gradientAt, makeParam, setGrad } from './fixtures';

/**
 * torch.optim.RMSprop (centered=False) re-derived on plain numbers:
 * s = αs + (1 − α)g²; a = √s + ε; momentum: b = μb + g/a (b₀ = 0), θ −= lr·b; else θ −= lr·g/a.
 */
function reference(steps: number, lr: number, alpha: number, eps: number, momentum: number): number[] {
  const theta = [...THETA0];
  const s = theta.map(() => 0);
  const b = theta.map(() => 0);
  for (let t = 0; t < steps; t++) {
    const grad = gradientAt(t);
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] as number;
      s[i] = alpha * (s[i] as number) + (1 - alpha) * g * g;
      const a = Math.sqrt(s[i] as number) + eps;
      if (momentum > 0) {
        b[i] = momentum * (b[i] as number) + g / a;
        theta[i] = (theta[i] as number) - lr * (b[i] as number);
      } else {
        theta[i] = (theta[i] as number) - (lr * g) / a;
      }
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

describe('RMSprop', () => {
  it('takes a first step of lr·g/(√((1 − α)g²) + ε) (numbers by hand)', () => {
    // α = 0.99, g = 2: s = 0.04, √s = 0.2, step = 0.01·2/0.2 = 0.1
    const param = makeParam([1]);
    param.grad.data.set([2]);
    new RMSprop().step([param]);
    expectAllClose(param.value.data, [0.9], 7);
  });

  it.each([
    ['defaults', 1e-2, 0.99, 1e-8, 0],
    ['momentum', 1e-2, 0.9, 1e-6, 0.9],
    ['small alpha', 0.05, 0.5, 1e-3, 0.5],
  ])('follows torch.optim.RMSprop over 6 steps: %s', (_label, lr, alpha, eps, momentum) => {
    expectAllClose(run(new RMSprop({ lr, alpha, eps, momentum }), 6), reference(6, lr, alpha, eps, momentum));
  });

  it('keeps state per parameter tensor', () => {
    const rmsprop = new RMSprop({ momentum: 0.5 });
    const a = makeParam();
    const b = makeParam();
    for (let t = 0; t < 3; t++) {
      setGrad(a, t);
      setGrad(b, t);
      rmsprop.step([{ ...a }]);
      rmsprop.step([{ ...b }]);
    }
    expectAllClose(a.value.data, reference(3, 1e-2, 0.99, 1e-8, 0.5));
    expectAllClose(b.value.data, reference(3, 1e-2, 0.99, 1e-8, 0.5));
  });

  it('round-trips its config and validates options', () => {
    const rmsprop = new RMSprop({ lr: 0.001, momentum: 0.9 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(rmsprop.toConfig())));
    expect(rebuilt).toBeInstanceOf(RMSprop);
    expect(rebuilt.toConfig()).toEqual({ type: 'RMSprop', lr: 0.001, alpha: 0.99, eps: 1e-8, momentum: 0.9 });
    expect(() => new RMSprop({ lr: -0.5 })).toThrow(ConfigError);
    expect(() => new RMSprop({ lr: -0.5 })).toThrow('RMSprop: expected lr to be a non-negative number, got -0.5');
  });
});
