import { ConfigError } from '../../src/errors';
import { LOSS_TYPES, buildLoss, lossTypes, registerLoss } from '../../src/losses/buildLoss';
import type { Loss } from '../../src/losses/Loss';
import type { LossConfig } from '../../src/losses/LossConfig';
import { MSELoss } from '../../src/losses/MSELoss';
import { Tensor } from '../../src/tensor/Tensor';

/** A user loss: MSE scaled by `weight`, written against the public contract only. */
class ScaledMSE implements Loss {
  readonly name = 'ScaledMSE';
  readonly output = 'values';
  readonly targets = 'values';
  private readonly inner = new MSELoss();
  constructor(readonly weight: number) {}
  forward(prediction: Tensor, target: Tensor): number {
    return this.weight * this.inner.forward(prediction, target);
  }
  backward(): Tensor {
    const grad = this.inner.backward();
    return Tensor.from(Array.from(grad.data, (g) => g * this.weight), grad.shape, grad.dtype);
  }
  toConfig(): { type: 'ScaledMSE'; weight: number } {
    return { type: 'ScaledMSE', weight: this.weight };
  }
}

describe('buildLoss', () => {
  it('builds every listed loss type with its own name', () => {
    expect([...LOSS_TYPES].sort()).toEqual(
      ['BCELoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss', 'HuberLoss', 'KLDivLoss', 'L1Loss', 'MSELoss', 'NLLLoss', 'SmoothL1Loss'],
    );
    for (const type of LOSS_TYPES) {
      const loss = buildLoss({ type } as LossConfig);
      expect(loss.name).toBe(type);
      expect(loss.toConfig().type).toBe(type);
    }
  });

  it.each([
    ['MSELoss', 'values', 'values'],
    ['L1Loss', 'values', 'values'],
    ['HuberLoss', 'values', 'values'],
    ['SmoothL1Loss', 'values', 'values'],
    ['BCELoss', 'probabilities', 'values'],
    ['BCEWithLogitsLoss', 'logits', 'values'],
    ['CrossEntropyLoss', 'logits', 'classes'],
    ['NLLLoss', 'logProbabilities', 'classes'],
    ['KLDivLoss', 'logProbabilities', 'values'],
  ])('%s says its prediction is %s and its targets %s', (type, output, targets) => {
    const loss = buildLoss({ type } as LossConfig);
    expect([loss.output, loss.targets]).toEqual([output, targets]);
  });

  it('passes options through and rejects unknown types, naming the fix', () => {
    expect(buildLoss({ type: 'HuberLoss', delta: 0.25 }).toConfig()).toEqual({ type: 'HuberLoss', delta: 0.25 });
    expect(() => buildLoss({ type: 'Nope' } as unknown as LossConfig)).toThrow(ConfigError);
    expect(() => buildLoss({ type: 'MSELos' })).toThrow(
      'loss.type: unknown loss "MSELos"; did you mean "MSELoss"? (a loss of your own must be added with registerLoss(type, factory) first)',
    );
  });

  it('builds a registered loss after the built-ins, and refuses a built-in name', () => {
    registerLoss('ScaledMSE', (config) => new ScaledMSE(config.weight as number));
    expect(lossTypes()).toContain('ScaledMSE');
    const loss = buildLoss(JSON.parse(JSON.stringify(new ScaledMSE(3).toConfig())));
    expect(loss).toBeInstanceOf(ScaledMSE);
    expect(loss.forward(Tensor.from([1, 2]), Tensor.from([0, 0]))).toBeCloseTo(3 * 2.5, 6);
    expect(() => registerLoss('MSELoss', () => new MSELoss())).toThrow(ConfigError);
    expect(() => registerLoss('MSELoss', () => new MSELoss())).toThrow(
      'registerLoss: expected a new loss type, got the built-in "MSELoss"; choose another name',
    );
    expect(loss.toConfig()).toEqual({ type: 'ScaledMSE', weight: 3 });
  });
});
