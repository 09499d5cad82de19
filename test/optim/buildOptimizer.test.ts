import { ConfigError } from '../../src/errors';
import { OPTIMIZER_TYPES, buildOptimizer, optimizerTypes, registerOptimizer } from '../../src/optim/buildOptimizer';
import type { Optimizer } from '../../src/optim/Optimizer';
import type { Param } from '../../src/tensor/Param';
import { expectAllClose, makeParam } from './fixtures';
import type { OptimizerConfig } from '../../src/optim/OptimizerConfig';

describe('buildOptimizer', () => {
  it('builds every listed type, whose config round-trips', () => {
    for (const type of OPTIMIZER_TYPES) {
      const optimizer = buildOptimizer({ type, lr: 0.01 } as OptimizerConfig);
      expect(optimizer.name).toBe(type);
      expect(optimizer.lr).toBe(0.01);
      expect(buildOptimizer(optimizer.toConfig()).toConfig()).toEqual(optimizer.toConfig());
    }
  });

  it('rejects unknown types and bad values', () => {
    expect(() => buildOptimizer({ type: 'Lion' } as unknown as OptimizerConfig)).toThrow(ConfigError);
    expect(() => buildOptimizer({ type: 'SGD', lr: -1 })).toThrow('SGD: expected lr to be a non-negative number, got -1');
  });
});

describe('registerOptimizer', () => {
  /** A user optimizer: plain gradient descent with a fixed lr, against the public contract only. */
  class PlainGD implements Optimizer {
    readonly name = 'PlainGD';
    constructor(public lr: number) {}
    step(params: readonly Param[]): void {
      for (const p of params) p.value.data.forEach((v, i) => (p.value.data[i] = v - this.lr * (p.grad.data[i] as number)));
    }
    toConfig(): { type: 'PlainGD'; lr: number } {
      return { type: 'PlainGD', lr: this.lr };
    }
  }

  it('builds a registered optimizer after the built-ins, and refuses a built-in name', () => {
    registerOptimizer('PlainGD', (config) => new PlainGD(config.lr as number));
    expect(optimizerTypes()).toEqual([...OPTIMIZER_TYPES, 'PlainGD']);
    const optimizer = buildOptimizer(JSON.parse(JSON.stringify(new PlainGD(0.5).toConfig())));
    expect(optimizer).toBeInstanceOf(PlainGD);
    const param = makeParam([1, 2]);
    param.grad.data.set([2, -2]);
    optimizer.step([param]);
    expectAllClose(param.value.data, [0, 3]);
    expect(() => registerOptimizer('Adam', () => new PlainGD(1))).toThrow(
      'registerOptimizer: expected a new optimizer type, got the built-in "Adam"; choose another name',
    );
    expect(() => buildOptimizer({ type: 'Lion' })).toThrow('optimizer.type: unknown optimizer "Lion"');
  });
});
