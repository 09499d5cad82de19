import * as math from 'mathjs';
import { Linear } from '../../src/layers/Linear';
import { Sigmoid } from '../../src/layers/Sigmoid';
import { BCELoss } from '../../src/losses/BCELoss';
import { MSELoss } from '../../src/losses/MSELoss';
import { Sequential } from '../../src/model/Sequential';
import { Tensor } from '../../src/tensor/Tensor';
import { expectClose } from '../helpers/layerChecks';

/* The backpropagation chapter's worked examples: gradients derived by hand equal backward's. */

const sigma = (v: number): number => 1 / (1 + Math.exp(-v));

describe('worked example: logistic regression on one object', () => {
  // ŷ = σ(x·w), L = −(y log ŷ + (1 − y) log(1 − ŷ)); by hand: dL/dw = (ŷ − y)·x.
  function run(x: number[], w: number[], y: number) {
    const linear = new Linear(x.length, 1, { bias: false, dtype: 'float64' });
    linear.weight.value.data.set(w);
    const model = new Sequential([linear, new Sigmoid()]);
    const loss = new BCELoss();
    const input = Tensor.from([x], undefined, 'float64');
    const yHat = model.forward(input);
    const value = loss.forward(yHat, Tensor.from([[y]], undefined, 'float64'));
    model.backward(loss.backward());
    return { yHat: yHat.data[0] as number, value, grad: linear.weight.grad };
  }

  it('at x·w = 0: ŷ = ½, L = log 2, dL/dw = −½·x for y = 1', () => {
    const { yHat, value, grad } = run([1, 2, -3], [0.5, -0.25, 0], 1);
    expect(yHat).toBe(0.5);
    expect(value).toBeCloseTo(Math.log(2), 12);
    expectClose(grad, [[-0.5], [-1], [1.5]], 1e-12);
  });

  it('in general dL/dw = (σ(x·w) − y)·x', () => {
    const x = [0.3, -1.2, 2.0, 0.7];
    const w = [0.8, 0.1, -0.4, 0.25];
    const yHat = sigma(x.reduce((s, xi, i) => s + xi * (w[i] as number), 0));
    for (const y of [0, 1]) {
      const result = run(x, w, y);
      expect(result.yHat).toBeCloseTo(yHat, 12);
      expect(result.value).toBeCloseTo(-(y * Math.log(yHat) + (1 - y) * Math.log(1 - yHat)), 10);
      expectClose(result.grad, x.map((xi) => [(yHat - y) * xi]), 1e-9);
    }
  });
});

describe('worked example: the two-layer network ŷ = σ(σ(X·W¹)·W²) with MSE', () => {
  it('hand-derived δ², dW², δ¹, dW¹ equal backward', () => {
    const X = [
      [0.5, -1.0, 2.0],
      [1.5, 0.25, -0.5],
    ];
    const W1 = [
      [0.1, -0.3, 0.2, 0.4],
      [-0.2, 0.5, 0.1, -0.1],
      [0.3, 0.2, -0.4, 0.05],
    ];
    const W2 = [[0.7], [-0.5], [0.2], [0.1]];
    const Y = [[1], [0]];

    // By hand, with mathjs: H = σ(X·W¹), ŷ = σ(H·W²), L = mean((ŷ − y)²) over N = 2 elements.
    const H = math.map(math.multiply(X, W1), sigma) as number[][];
    const yHat = math.map(math.multiply(H, W2), sigma) as number[][];
    const dLdyHat = math.map(math.subtract(yHat, Y) as number[][], (v: number) => (2 * v) / Y.length) as number[][];
    const delta2 = math.dotMultiply(dLdyHat, math.map(yHat, (v: number) => v * (1 - v))) as number[][];
    const dW2 = math.multiply(math.transpose(H), delta2) as number[][];
    const delta1 = math.dotMultiply(
      math.multiply(delta2, math.transpose(W2)),
      math.map(H, (v: number) => v * (1 - v)),
    ) as number[][];
    const dW1 = math.multiply(math.transpose(X), delta1) as number[][];
    const dX = math.multiply(delta1, math.transpose(W1)) as number[][];

    const layer1 = new Linear(3, 4, { bias: false, dtype: 'float64' });
    const layer2 = new Linear(4, 1, { bias: false, dtype: 'float64' });
    layer1.weight.value.data.set(W1.flat());
    layer2.weight.value.data.set(W2.flat());
    const model = new Sequential([layer1, new Sigmoid(), layer2, new Sigmoid()]);
    const loss = new MSELoss();
    const output = model.forward(Tensor.from(X, undefined, 'float64'));
    expectClose(output, yHat, 1e-12);
    loss.forward(output, Tensor.from(Y, undefined, 'float64'));
    const gradIn = model.backward(loss.backward());

    expectClose(layer2.weight.grad, dW2, 1e-12);
    expectClose(layer1.weight.grad, dW1, 1e-12);
    expectClose(gradIn, dX, 1e-12);
  });
});
