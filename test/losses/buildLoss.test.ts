import { ConfigError } from '../../src/errors';
import { LOSS_TYPES, buildLoss } from '../../src/losses/buildLoss';
import type { LossConfig } from '../../src/losses/LossConfig';

describe('buildLoss', () => {
  it('builds every listed loss type with its own name', () => {
    for (const type of LOSS_TYPES) {
      const loss = buildLoss({ type } as LossConfig);
      expect(loss.name).toBe(type);
      expect(loss.toConfig().type).toBe(type);
    }
  });

  it('passes options through and rejects unknown types', () => {
    expect(buildLoss({ type: 'HuberLoss', delta: 0.25 }).toConfig()).toEqual({ type: 'HuberLoss', delta: 0.25 });
    expect(() => buildLoss({ type: 'Nope' } as unknown as LossConfig)).toThrow(ConfigError);
  });
});
