import { ConfigError } from '../../src/errors';
import { OPTIMIZER_TYPES, buildOptimizer } from '../../src/optim/buildOptimizer';
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
