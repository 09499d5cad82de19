import { ConfigError } from '../../src/errors';
import { Adagrad } from '../../src/optim/Adagrad';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { THETA0, expectAllClose, gradientAt, makeParam, setGrad } from './fixtures';

/** torch.optim.Adagrad (lr_decay 0, accumulator from 0) on plain numbers: S += g²; θ −= lr·g/(√S + ε). */
function reference(steps: number, lr: number, eps: number): number[] {
  const theta = [...THETA0];
  const sum = theta.map(() => 0);
  for (let t = 0; t < steps; t++) {
    const grad = gradientAt(t);
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] as number;
      sum[i] = (sum[i] as number) + g * g;
      theta[i] = (theta[i] as number) - (lr * g) / (Math.sqrt(sum[i] as number) + eps);
    }
  }
  return theta;
}

describe('Adagrad', () => {
  it('shrinks steps as squared gradients accumulate (numbers by hand)', () => {
    // g = 3 then 4: steps lr·3/3 = 0.01, then lr·4/5 = 0.008
    const param = makeParam([1]);
    const adagrad = new Adagrad();
    param.grad.data.set([3]);
    adagrad.step([param]);
    expectAllClose(param.value.data, [0.99], 9);
    param.grad.data.set([4]);
    adagrad.step([param]);
    expectAllClose(param.value.data, [0.982], 9);
  });

  it.each([
    [1e-2, 1e-10],
    [0.3, 1e-2],
  ])('follows torch.optim.Adagrad over 6 steps (lr %p, eps %p)', (lr, eps) => {
    const adagrad = new Adagrad({ lr, eps });
    const param = makeParam();
    for (let t = 0; t < 6; t++) {
      setGrad(param, t);
      adagrad.step([{ ...param }]);
    }
    expectAllClose(param.value.data, reference(6, lr, eps));
  });

  it('round-trips its config and validates options', () => {
    const adagrad = new Adagrad({ lr: 0.1 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(adagrad.toConfig())));
    expect(rebuilt).toBeInstanceOf(Adagrad);
    expect(rebuilt.toConfig()).toEqual({ type: 'Adagrad', lr: 0.1, eps: 1e-10 });
    expect(() => new Adagrad({ lr: -0.01 })).toThrow(ConfigError);
    expect(() => new Adagrad({ lr: -0.01 })).toThrow('Adagrad: expected lr to be a non-negative number, got -0.01');
  });
});
