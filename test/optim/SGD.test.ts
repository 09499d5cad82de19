import { ConfigError } from '../../src/errors';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { SGD } from '../../src/optim/SGD';
import { Tensor } from '../../src/tensor/Tensor';
import { THETA0, expectAllClose, gradientAt, makeParam, setGrad } from './fixtures';

/**
 * torch.optim.SGD re-derived on plain numbers (dampening 0):
 * d = g + wd·θ; with momentum: b = d (first step) else μb + d; d = nesterov ? d + μb : b; θ −= lr·d
 */
function reference(steps: number, lr: number, momentum: number, nesterov: boolean, wd: number): number[] {
  const theta = [...THETA0];
  const buf: number[] = [];
  for (let t = 0; t < steps; t++) {
    const g = gradientAt(t);
    for (let i = 0; i < theta.length; i++) {
      let d = (g[i] as number) + wd * (theta[i] as number);
      if (momentum !== 0) {
        buf[i] = t === 0 ? d : momentum * (buf[i] as number) + d;
        d = nesterov ? d + momentum * (buf[i] as number) : (buf[i] as number);
      }
      theta[i] = (theta[i] as number) - lr * d;
    }
  }
  return theta;
}

function run(optimizer: SGD, steps: number): Float64Array | Float32Array {
  const param = makeParam();
  for (let t = 0; t < steps; t++) {
    setGrad(param, t);
    optimizer.step([param]);
  }
  return param.value.data;
}

describe('SGD', () => {
  it('takes a plain step θ − lr·g (numbers by hand)', () => {
    const param = makeParam([1, -2]);
    param.grad.data.set([0.5, -1]);
    new SGD({ lr: 0.1 }).step([param]);
    expectAllClose(param.value.data, [0.95, -1.9]);
  });

  it('starts the momentum buffer at the first gradient (numbers by hand)', () => {
    // θ = 1, g = 1 twice, lr 0.1, μ 0.9: b₁ = 1 → θ = 0.9; b₂ = 0.9 + 1 = 1.9 → θ = 0.71
    const param = makeParam([1]);
    const sgd = new SGD({ lr: 0.1, momentum: 0.9 });
    param.grad.data.set([1]);
    sgd.step([param]);
    expectAllClose(param.value.data, [0.9]);
    sgd.step([param]);
    expectAllClose(param.value.data, [0.71]);
  });

  it.each([
    ['plain', 0, false, 0],
    ['momentum', 0.9, false, 0],
    ['nesterov', 0.9, true, 0],
    ['weight decay', 0, false, 0.01],
    ['momentum + nesterov + weight decay', 0.8, true, 0.05],
  ])('follows torch.optim.SGD over 5 steps: %s', (_label, momentum, nesterov, wd) => {
    const sgd = new SGD({ lr: 0.05, momentum, nesterov, weightDecay: wd });
    expectAllClose(run(sgd, 5), reference(5, 0.05, momentum, nesterov, wd));
  });

  it('keeps state per parameter, keyed by the value tensor (fresh Param wrappers are fine)', () => {
    const sgd = new SGD({ lr: 0.05, momentum: 0.9 });
    const a = makeParam();
    const b = makeParam([1, 2, 3, 4]);
    for (let t = 0; t < 4; t++) {
      setGrad(a, t);
      b.grad.data.set([0.1, 0.1, 0.1, 0.1]);
      // New wrapper objects around the same tensors at every step.
      sgd.step([{ ...a }, { ...b }]);
    }
    expectAllClose(a.value.data, reference(4, 0.05, 0.9, false, 0));
    // b alone: constant g, buffers 0.1, 0.19, 0.271, 0.3439 → θ −= 0.05·Σ = 0.045245
    expectAllClose(b.value.data, [1, 2, 3, 4].map((v) => v - 0.05 * (0.1 + 0.19 + 0.271 + 0.3439)));
  });

  it('uses a changed lr on the next step (schedules set it)', () => {
    const sgd = new SGD({ lr: 1 });
    sgd.lr = 0.5;
    const param = makeParam([1]);
    param.grad.data.set([1]);
    sgd.step([param]);
    expectAllClose(param.value.data, [0.5]);
  });

  it('round-trips its config through buildOptimizer', () => {
    const sgd = new SGD({ lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.05 });
    const rebuilt = buildOptimizer(JSON.parse(JSON.stringify(sgd.toConfig())));
    expect(rebuilt).toBeInstanceOf(SGD);
    expect(rebuilt.toConfig()).toEqual(sgd.toConfig());
    expectAllClose(run(rebuilt as SGD, 3), reference(3, 0.05, 0.8, true, 0.05));
  });

  it('validates its options, quoting the bad value', () => {
    expect(() => new SGD({ lr: -0.1 })).toThrow(ConfigError);
    expect(() => new SGD({ lr: -0.1 })).toThrow('SGD: expected lr to be a non-negative number, got -0.1');
    expect(() => new SGD({ lr: 0.1, momentum: -1 })).toThrow('SGD: expected momentum to be a non-negative number, got -1');
    expect(() => new SGD({ lr: 0.1, nesterov: true })).toThrow('SGD: expected momentum > 0 with nesterov: true');
  });

  it('refuses a gradient whose size differs from the parameter', () => {
    const bad = { name: 'weight', value: Tensor.zeros([2, 2]), grad: Tensor.zeros([3]) };
    expect(() => new SGD({ lr: 0.1 }).step([bad])).toThrow('SGD.step: expected the grad of "weight" to have shape [2, 2], got [3]');
  });
});
