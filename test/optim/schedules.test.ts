import { ConfigError, NumericError } from '../../src/errors';
import { buildSchedule, type ScheduleConfig } from '../../src/optim/schedules';

describe('buildSchedule', () => {
  it('evaluates a mathjs expression of epoch and lr0', () => {
    const halving = buildSchedule('0.1 * 0.5 ^ floor(epoch / 10)');
    expect([0, 9, 10, 25].map((epoch) => halving(epoch, 1))).toEqual([0.1, 0.1, 0.05, 0.025]);
    const warm = buildSchedule('epoch < 3 ? lr0 * (epoch + 1) / 3 : lr0 * exp(-(epoch - 3) / 10)');
    expect(warm(0, 0.3)).toBeCloseTo(0.1, 15);
    expect(warm(2, 0.3)).toBeCloseTo(0.3, 15);
    expect(warm(13, 0.3)).toBeCloseTo(0.3 * Math.exp(-1), 15);
    const cosine = buildSchedule('lr0 * (1 + cos(pi * epoch / 20)) / 2 + min(max(0, e - 3), 1) * abs(-1)');
    expect(cosine(10, 0.2)).toBeCloseTo(0.1, 15);
    expect(buildSchedule('pow(2, -epoch) * sqrt(lr0) + round(log(1)) + ceil(0.2) - 1')(2, 0.04)).toBeCloseTo(0.05, 15);
  });

  it('gives PyTorch StepLR, ExponentialLR and CosineAnnealingLR values', () => {
    const step = buildSchedule({ type: 'step', stepSize: 3 });
    expect([0, 2, 3, 6, 7].map((epoch) => step(epoch, 1))).toEqual([1, 1, 0.1, 0.1 ** 2, 0.1 ** 2]);
    const step5 = buildSchedule({ type: 'step', stepSize: 2, gamma: 0.5 });
    expect(step5(5, 0.8)).toBeCloseTo(0.2, 15); // 0.8 · 0.5^⌊5/2⌋
    const exponential = buildSchedule({ type: 'exponential', gamma: 0.9 });
    expect(exponential(3, 2)).toBeCloseTo(2 * 0.729, 15);
    const cosine = buildSchedule({ type: 'cosine', tMax: 10, lrMin: 0.01 });
    expect(cosine(0, 0.1)).toBeCloseTo(0.1, 15);
    expect(cosine(5, 0.1)).toBeCloseTo(0.055, 15);
    expect(cosine(10, 0.1)).toBeCloseTo(0.01, 15);
    expect(buildSchedule({ type: 'cosine', tMax: 4 })(1, 1)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 15);
  });

  it.each([
    ['import({}, {})', 'the function call "import({}, {})"'],
    ['f(x) = x', 'the function definition "f(x) = x"'],
    ['a = 1', 'the assignment "a = 1"'],
    ["evaluate('1')", 'the function call'],
    ['lr0 + x', 'the name "x"'],
    ['epoch.constructor', 'the property access'],
    ['[1, 2][1]', 'not allowed'],
    ['{a: 1}', 'not allowed'],
    ['1:3', 'not allowed'],
    ['lr0; lr0', 'not allowed'],
    ['"0.1"', 'the constant'],
    ['createUnit("foo")', 'the function call'],
    ['lr0 + cos', 'the name "cos"'],
  ])('rejects %p before evaluating anything', (expression, message) => {
    expect(() => buildSchedule(expression)).toThrow(ConfigError);
    expect(() => buildSchedule(expression)).toThrow(message);
  });

  it('wraps parse errors and bad configs in ConfigError', () => {
    expect(() => buildSchedule('0.1 * (')).toThrow(ConfigError);
    expect(() => buildSchedule('0.1 * (')).toThrow('schedule: cannot parse "0.1 * ("');
    expect(() => buildSchedule({ type: 'step', stepSize: 0 })).toThrow('expected stepSize to be a positive integer, got 0');
    expect(() => buildSchedule({ type: 'linear' } as unknown as ScheduleConfig)).toThrow(ConfigError);
  });

  it('throws NumericError for a negative or non-finite rate', () => {
    expect(() => buildSchedule('lr0 - epoch')(2, 1)).toThrow(NumericError);
    expect(() => buildSchedule('lr0 - epoch')(2, 1)).toThrow(
      'schedule "lr0 - epoch": expected a finite non-negative learning rate, got -1 at epoch 2',
    );
    expect(() => buildSchedule('lr0 / epoch')(0, 1)).toThrow(NumericError);
    expect(() => buildSchedule('sqrt(-lr0)')(0, 1)).toThrow(NumericError);
    expect(() => buildSchedule('epoch > 1')(2, 1)).toThrow(NumericError);
    expect(() => buildSchedule({ type: 'exponential', gamma: 2 })(2000, 1)).toThrow(NumericError);
  });
});
