import * as math from 'mathjs';
import { Concat } from '../../src/containers/Concat';
import { ConfigError, ShapeError } from '../../src/errors';
import { Conv2D } from '../../src/layers/Conv2D';
import { Linear } from '../../src/layers/Linear';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const linear = (n: number, m: number, seed: number) => new Linear(n, m, { rng: createRng(seed), dtype: 'float64' });

describe('Concat', () => {
  it('joins the branches along the features like mathjs', () => {
    const a = linear(3, 2, 1);
    const b = linear(3, 4, 2);
    const x = randomTensor([5, 3]);
    const expected = math.concat(
      math.multiply(x.toMatrix(), a.weight.value.toMatrix()) as math.Matrix,
      math.map(math.multiply(x.toMatrix(), b.weight.value.toMatrix()) as math.Matrix, (v: number) => Math.tanh(v)),
      1,
    ) as math.Matrix;
    expectClose(new Concat([a, new Sequential([b, new Tanh()])]).forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-12);
  });

  it('joins NCHW branches along the channels (axis 1) and along the width (axis -1)', () => {
    const x = randomTensor([2, 2, 3, 3]);
    const y = new Concat([new ReLU(), new Tanh()]).forward(x);
    expect(y.shape).toEqual([2, 4, 3, 3]);
    for (const [n, c, h, w] of [[0, 0, 1, 2], [1, 1, 2, 0], [1, 3, 0, 1], [0, 2, 2, 2]] as const) {
      const v = x.get(n, c % 2, h, w);
      expect(y.get(n, c, h, w)).toBeCloseTo(c < 2 ? Math.max(v, 0) : Math.tanh(v), 14);
    }
    const wide = new Concat([new ReLU(), new Tanh()], { axis: -1 }).forward(x);
    expect(wide.shape).toEqual([2, 2, 3, 6]);
    expect(wide.get(1, 1, 2, 4)).toBeCloseTo(Math.tanh(x.get(1, 1, 2, 1)), 14);
  });

  it('has correct gradients (float64 central differences)', () => {
    expectGradientsCorrect(new Concat([linear(3, 2, 1), new Sequential([linear(3, 4, 2), new Tanh()])]), randomTensor([5, 3]));
    const inception = new Concat([
      new Conv2D(2, 3, 1, { rng: createRng(1) }),
      new Sequential([new Conv2D(2, 2, 3, { padding: 'same', rng: createRng(2) }), new Tanh()]),
    ]);
    expectGradientsCorrect(inception, randomTensor([2, 2, 4, 4]));
    expectGradientsCorrect(new Concat([linear(3, 2, 1), linear(3, 2, 2)], { axis: -1 }), randomTensor([2, 3]));
  });

  it('names branch k "k.…" and round-trips its config', () => {
    const model = new Sequential([new ReLU(), new Concat([linear(3, 2, 1), new Sequential([new Tanh(), linear(3, 1, 2)])])]);
    expect(model.paramGrads().map((p) => p.name)).toEqual(['1.0.weight', '1.0.bias', '1.1.1.weight', '1.1.1.bias']);
    const concat = model.layers[1] as Concat;
    expect(concat.toConfig()).toEqual({
      type: 'Concat',
      branches: [
        { type: 'Linear', inputSize: 3, outputSize: 2, bias: true, init: 'xavierUniform' },
        [{ type: 'Tanh' }, { type: 'Linear', inputSize: 3, outputSize: 1, bias: true, init: 'xavierUniform' }],
      ],
      axis: 1,
    });
    expectConfigRoundTrip(concat);
  });

  it('names the branches and shapes that do not fit together', () => {
    const bad = new Concat([new Conv2D(1, 2, 3, { rng: createRng(1) }), new Tanh()]);
    expect(() => bad.forward(randomTensor([1, 1, 4, 4]))).toThrow(ShapeError);
    expect(() => bad.forward(randomTensor([1, 1, 4, 4]))).toThrow(
      'Concat: expected inputs that agree on every axis but 1, got inputs[0] (branches[0] (Conv2D) [batch, 2, 2, 2]) and inputs[1] (branches[1] (Tanh) [batch, 1, 4, 4])',
    );
    expect(() => new Concat([])).toThrow(ConfigError);
    expect(() => new Concat([new ReLU()], { axis: 0 })).toThrow('Concat: axis: expected a non-zero integer');
    expect(() => new Concat([new ReLU()], { axis: 2 }).forward(randomTensor([2, 3]))).toThrow('Concat: axis 2 is outside inputs of rank 2');
  });
});
