import * as math from 'mathjs';
import { ConfigError, ShapeError } from '../../src/errors';
import { prefixError } from '../../src/model/prefixError';
import { Conv2D } from '../../src/layers/Conv2D';
import { Dropout } from '../../src/layers/Dropout';
import { Flatten } from '../../src/layers/Flatten';
import { Linear } from '../../src/layers/Linear';
import { MaxPool2D } from '../../src/layers/MaxPool2D';
import { ReLU } from '../../src/layers/ReLU';
import { Reshape } from '../../src/layers/Reshape';
import { Tanh } from '../../src/layers/Tanh';
import { MSELoss } from '../../src/losses/MSELoss';
import { gradCheck } from '../../src/model/gradCheck';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../helpers/layerChecks';

function mlp(seed = 1): Sequential {
  const rng = createRng(seed);
  return new Sequential([
    new Linear(3, 4, { rng, dtype: 'float64' }),
    new Tanh(),
    new Linear(4, 2, { rng, dtype: 'float64' }),
  ]);
}

describe('Sequential', () => {
  it('forward composes the layers: tanh(X·W₀ + b₀)·W₁ + b₁ like mathjs', () => {
    const model = mlp();
    const [l0, , l2] = model.layers as [Linear, Tanh, Linear];
    l0.bias!.value.data.set([0.1, -0.2, 0.3, 0.05]);
    l2.bias!.value.data.set([0.4, -0.1]);
    const x = randomTensor([5, 3]);
    const ones = math.ones(5, 1) as math.Matrix;
    const hidden = math.map(
      math.add(math.multiply(x.toMatrix(), l0.weight.value.toMatrix()), math.multiply(ones, l0.bias!.value.reshape([1, 4]).toMatrix())),
      (v: number) => Math.tanh(v),
    ) as math.Matrix;
    const expected = math.add(
      math.multiply(hidden, l2.weight.value.toMatrix()),
      math.multiply(ones, l2.bias!.value.reshape([1, 2]).toMatrix()),
    ) as math.Matrix;
    expectClose(model.forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-12);
  });

  it('backward passes gradients through every layer: a Linear-Tanh-Linear MLP passes gradCheck < 1e-6', () => {
    const model = mlp();
    const result = gradCheck(model, randomTensor([4, 3], 2));
    expect(Object.keys(result.errors)).toEqual(['input', '0.weight', '0.bias', '2.weight', '2.bias']);
    expect(result.maxRelError).toBeLessThan(1e-6);
    expect(result.ok).toBe(true);
    const throughLoss = gradCheck(model, randomTensor([4, 3], 3), { loss: new MSELoss() });
    expect(throughLoss.maxRelError).toBeLessThan(1e-6);
  });

  it('names parameters like a state_dict, caches the list, and refreshes it after add()', () => {
    const model = mlp();
    const params = model.paramGrads();
    expect(params.map((p) => [p.name, p.value.shape])).toEqual([
      ['0.weight', [3, 4]],
      ['0.bias', [4]],
      ['2.weight', [4, 2]],
      ['2.bias', [2]],
    ]);
    expect(model.paramGrads()).toBe(params);
    expect(params[0]!.value).toBe((model.layers[0] as Linear).weight.value);
    model.add(new ReLU()).add(new Linear(2, 1, { bias: false }));
    expect(model.paramGrads().map((p) => p.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight']);
    expect(model.layers).toHaveLength(5);
  });

  it('gradCheck works through Dropout: setRng gives every forward the same mask', () => {
    const rng = createRng(2);
    const model = new Sequential([
      new Linear(3, 6, { rng, dtype: 'float64' }),
      new Dropout(0.3),
      new Tanh(),
      new Linear(6, 2, { rng, dtype: 'float64' }),
    ]);
    const result = gradCheck(model, randomTensor([4, 3], 6));
    expect(result.maxRelError).toBeLessThan(1e-6);
    expect(Object.keys(result.errors)).toEqual(['input', '0.weight', '0.bias', '3.weight', '3.bias']);
  });

  it('prefixes buffers like parameters and saves them with the weights', () => {
    /** A layer with non-trainable state, like BatchNorm's running mean. */
    class Counter extends ReLU {
      readonly count = Tensor.from([0, 0]);
      buffers() {
        return [{ name: 'count', value: this.count }];
      }
    }
    const counter = new Counter();
    counter.count.data.set([3, 4]);
    const model = new Sequential([new Linear(2, 2), counter]);
    expect(model.buffers().map((b) => b.name)).toEqual(['1.count']);
    expect(model.buffers()[0]!.value).toBe(counter.count);
    const saved = model.toJSON().buffers;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: '1.count', shape: [2], dtype: 'float32' });
    const bytes = Buffer.from(saved[0]!.data, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([3, 4]);
  });

  it('accumulates gradients across backward calls and zeroGrad clears them', () => {
    const model = mlp();
    const x = randomTensor([2, 3]);
    const gradOut = randomTensor([2, 2], 5);
    model.forward(x);
    model.backward(gradOut);
    const once = Float64Array.from(model.paramGrads()[0]!.grad.data);
    model.forward(x);
    model.backward(gradOut);
    expectClose(model.paramGrads()[0]!.grad, new Tensor(once.map((v) => 2 * v), [3, 4]));
    model.zeroGrad();
    for (const p of model.paramGrads()) expect(Array.from(p.grad.data).every((v) => v === 0)).toBe(true);
  });

  it('train() and eval() set every layer, and setRng reaches stochastic layers', () => {
    const dropout = new Dropout(0.5);
    const model = new Sequential([new Linear(2, 3), dropout, new ReLU()]);
    expect(model.training).toBe(true);
    model.eval();
    expect(model.layers.map((l) => l.training)).toEqual([false, false, false]);
    const late = new ReLU();
    model.add(late);
    expect(late.training).toBe(false);
    model.train();
    expect(model.layers.map((l) => l.training)).toEqual([true, true, true, true]);

    const x = Tensor.ones([4, 3]);
    const drop = new Sequential([dropout]);
    drop.setRng(createRng(9));
    const first = drop.forward(x);
    drop.setRng(createRng(9));
    expect(Array.from(drop.forward(x).data)).toEqual(Array.from(first.data));
  });

  it('re-throws a layer error as "layers[i] (Name): …" with the same class', () => {
    const model = new Sequential([new Linear(4, 3), new ReLU(), new Linear(5, 2)]);
    const run = () => model.forward(Tensor.zeros([2, 4]));
    expect(run).toThrow(ShapeError);
    expect(run).toThrow('layers[2] (Linear): Linear: expected input of shape [batch, 5], got [2, 3]');
    expect(() => new Sequential([new ReLU(), new Linear(4, 3)]).backward(Tensor.zeros([2, 3]))).toThrow(
      'layers[1] (Linear): Linear.backward: called before forward',
    );
    expect(() => model.outputShape([1, 4])).toThrow('layers[2] (Linear)');
  });

  it('summary lists index, layer, output shape and parameter count with totals', () => {
    const model = new Sequential([new Linear(64, 32), new ReLU(), new Linear(32, 10)]);
    const text = model.summary();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^#\s+Layer\s+Output shape\s+Params$/);
    expect(lines[2]).toMatch(/^0\s+Linear\s+\[batch, 32\]\s+2,080$/);
    expect(lines[3]).toMatch(/^1\s+ReLU\s+\[batch, 32\]\s+0$/);
    expect(lines[4]).toMatch(/^2\s+Linear\s+\[batch, 10\]\s+330$/);
    expect(text).toContain('Total params: 2,410');
    expect(model.summary([64])).toBe(text);
    expect(new Sequential([new ReLU()]).summary()).toMatch(/0\s+ReLU\s+\?\s+0/);
    expect(() => model.summary([63])).toThrow('layers[0] (Linear): Linear: expected input of shape [batch, 64], got [1, 63]');
  });
});

describe('Sequential.backwardParams', () => {
  /** Parameter gradients after one backward (or backwardParams) from a fresh zeroGrad. */
  function gradsAfter(model: Sequential, x: Tensor, gradOut: Tensor, paramsOnly: boolean): number[][] {
    model.zeroGrad();
    model.forward(x);
    if (paramsOnly) model.backwardParams(gradOut);
    else model.backward(gradOut);
    return model.paramGrads().map((p) => Array.from(p.grad.data));
  }

  function expectSameGrads(model: Sequential, x: Tensor, outputShape: number[]): void {
    const gradOut = Tensor.uniform(outputShape, -1, 1, createRng(9));
    const full = gradsAfter(model, x, gradOut, false);
    const paramsOnly = gradsAfter(model, x, gradOut, true);
    expect(paramsOnly).toEqual(full);
    expect(full.some((g) => g.some((v) => v !== 0))).toBe(true);
  }

  it('adds exactly the parameter gradients of backward for an MLP', () => {
    const rng = createRng(1);
    const model = new Sequential([new Linear(5, 4, { rng }), new Tanh(), new Linear(4, 3, { rng })]);
    expectSameGrads(model, Tensor.uniform([6, 5], -1, 1, createRng(2)), [6, 3]);
  });

  it('starts at the first layer with parameters (a CNN behind a Reshape, an MLP behind a ReLU)', () => {
    const rng = createRng(3);
    const cnn = new Sequential([
      new Reshape([1, 6, 6]),
      new Conv2D(1, 3, 3, { padding: 'same', rng }),
      new MaxPool2D(2),
      new Flatten(),
      new Linear(27, 2, { rng }),
    ]);
    expectSameGrads(cnn, Tensor.uniform([4, 36], -1, 1, createRng(4)), [4, 2]);
    const mlp = new Sequential([new Tanh(), new Linear(3, 2, { rng })]);
    expectSameGrads(mlp, Tensor.uniform([2, 3], -1, 1, createRng(5)), [2, 2]);
  });

  it('does nothing for a model without parameters', () => {
    const model = new Sequential([new Tanh()]);
    model.forward(Tensor.ones([1, 2]));
    expect(() => model.backwardParams(Tensor.ones([1, 2]))).not.toThrow();
  });
});

describe('prefixError', () => {
  it('keeps the class, details and cause, sets path, and leaves addressed errors and bugs alone', () => {
    const inner = new ConfigError('Linear: expected outputSize to be a positive integer, got -3', {
      details: { key: 'outputSize', expected: 'a positive integer', got: -3 },
    });
    const wrapped = prefixError(inner, 'layers[2] (Linear)') as ConfigError;
    expect(wrapped).toBeInstanceOf(ConfigError);
    expect(wrapped.message).toBe('layers[2] (Linear): Linear: expected outputSize to be a positive integer, got -3');
    expect(wrapped.path).toBe('layers[2] (Linear)');
    expect(wrapped.details).toEqual({ key: 'outputSize', expected: 'a positive integer', got: -3 });
    expect(wrapped.cause).toBe(inner);
    expect(prefixError(wrapped, 'layers[0] (Sequential)')).toBe(wrapped);
    const bug = new TypeError('x is undefined');
    expect(prefixError(bug, 'layers[0] (Linear)')).toBe(bug);
  });
});
