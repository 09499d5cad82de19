import * as math from 'mathjs';
import { Residual } from '../../src/containers/Residual';
import { ShapeError } from '../../src/errors';
import { BatchNorm2D } from '../../src/layers/BatchNorm2D';
import { buildLayer } from '../../src/layers/buildLayer';
import { Conv2D } from '../../src/layers/Conv2D';
import { Dropout } from '../../src/layers/Dropout';
import { Linear } from '../../src/layers/Linear';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

const linear = (n: number, m: number, seed: number) => new Linear(n, m, { rng: createRng(seed), dtype: 'float64' });

describe('Residual', () => {
  it('computes block(x) + x, and block(x) + shortcut(x), like mathjs', () => {
    const inner = linear(3, 3, 1);
    inner.bias!.value.data.set([0.1, -0.2, 0.3]);
    const x = randomTensor([4, 3]);
    const block = math.add(math.multiply(x.toMatrix(), inner.weight.value.toMatrix()), math.multiply(math.ones(4, 1), math.matrix([[0.1, -0.2, 0.3]])));
    const expected = math.add(math.map(block as math.Matrix, (v: number) => Math.tanh(v)), x.toMatrix()) as math.Matrix;
    expectClose(new Residual(new Sequential([inner, new Tanh()])).forward(x), Tensor.fromMatrix(expected, 'float64'), 1e-12);

    const projection = linear(3, 2, 2);
    const down = linear(3, 2, 3);
    const withShortcut = new Residual(projection, { shortcut: down });
    const sum = math.add(math.multiply(x.toMatrix(), projection.weight.value.toMatrix()), math.multiply(x.toMatrix(), down.weight.value.toMatrix())) as math.Matrix;
    expectClose(withShortcut.forward(x), Tensor.fromMatrix(sum, 'float64'), 1e-12);
  });

  it('has correct gradients (float64 central differences), dense and convolutional', () => {
    expectGradientsCorrect(new Residual(new Sequential([linear(3, 3, 1), new Tanh(), linear(3, 3, 2)])), randomTensor([4, 3]));
    expectGradientsCorrect(new Residual(linear(3, 2, 1), { shortcut: linear(3, 2, 2) }), randomTensor([4, 3]));
    const conv = new Residual(
      new Sequential([new Conv2D(2, 3, 3, { padding: 'same', rng: createRng(1) }), new BatchNorm2D(3), new Tanh()]),
      { shortcut: new Conv2D(2, 3, 1, { rng: createRng(2) }) },
    );
    expectGradientsCorrect(conv, randomTensor([2, 2, 4, 4]));
  });

  it('backwardParams adds the same parameter gradients as backward', () => {
    const make = () => new Residual(new Sequential([linear(3, 3, 1), new Tanh()]), { shortcut: linear(3, 3, 2) });
    const [a, b] = [make(), make()];
    const x = randomTensor([4, 3]);
    const g = randomTensor([4, 3], 2);
    a.forward(x);
    a.backward(g);
    b.forward(x);
    b.backwardParams(g);
    a.paramGrads().forEach((p, i) => expectClose(b.paramGrads()[i]!.grad, p.grad, 1e-12));
  });

  it('names parameters like a PyTorch state_dict and round-trips its config', () => {
    const model = new Sequential([linear(4, 3, 1), new ReLU(), new Residual(new Sequential([linear(3, 3, 2), new ReLU()]), { shortcut: linear(3, 3, 3) })]);
    expect(model.paramGrads().map((p) => p.name)).toEqual([
      '0.weight', '0.bias', '2.block.0.weight', '2.block.0.bias', '2.shortcut.weight', '2.shortcut.bias',
    ]);
    const residual = model.layers[2] as Residual;
    expect(residual.toConfig()).toEqual({
      type: 'Residual',
      block: [{ type: 'Linear', inputSize: 3, outputSize: 3, bias: true, init: 'xavierUniform' }, { type: 'ReLU' }],
      shortcut: { type: 'Linear', inputSize: 3, outputSize: 3, bias: true, init: 'xavierUniform' },
    });
    expectConfigRoundTrip(residual);
    expect(buildLayer({ type: 'Residual', block: { type: 'Tanh' } }).toConfig()).toEqual({ type: 'Residual', block: { type: 'Tanh' } });
  });

  it('passes train/eval and the random generator to its children', () => {
    const dropout = new Dropout(0.5);
    const residual = new Residual(new Sequential([dropout]));
    residual.training = false;
    expect(dropout.training).toBe(false);
    const x = randomTensor([2, 3]);
    expectClose(residual.forward(x), new Tensor(x.data.map((v) => 2 * v), x.shape));
  });

  it('names the shapes when block and shortcut disagree', () => {
    const bad = new Residual(linear(3, 2, 1));
    expect(() => bad.forward(randomTensor([2, 3]))).toThrow(ShapeError);
    expect(() => bad.forward(randomTensor([2, 3]))).toThrow(
      'Residual: expected block(x) and x of one shape to add them, got [2, 2] and [2, 3]; give a shortcut (e.g. a 1×1 Conv2D or a Linear) that maps x to the block’s output shape',
    );
    expect(() => bad.outputShape([1, 3])).toThrow('got [1, 2] and [1, 3]');
    expect(() => new Residual(linear(3, 3, 1)).forward(randomTensor([2, 4]))).toThrow(
      'block (Linear): Linear: expected input of shape [batch, 3], got [2, 4]',
    );
    expect(() => new Sequential([new ReLU(), new Residual(new Sequential([linear(3, 3, 1)]))]).forward(randomTensor([2, 4]))).toThrow(
      'layers[1] (Residual): block (Sequential): layers[0] (Linear): Linear: expected input of shape [batch, 3], got [2, 4]',
    );
    expect(() => new Residual(linear(3, 3, 1)).backward(randomTensor([2, 3]))).toThrow('Residual.backward: called before forward');
  });
});
