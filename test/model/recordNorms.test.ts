import { Linear } from '../../src/layers/Linear';
import { Tanh } from '../../src/layers/Tanh';
import { MSELoss } from '../../src/losses/MSELoss';
import { Sequential } from '../../src/model/Sequential';
import { SGD } from '../../src/optim/SGD';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { ConfigError } from '../../src/errors';

// fit(..., { recordNorms: true }): per-parameter gradient and weight L2 norms per epoch.

const X = [[1, 2], [-1, 0.5], [0.5, -2], [2, 1]];
const Y = [[1], [0], [-1], [2]];

test('one full batch: the gradient norm is that of the MSE gradient at the initial weights (hand-derived)', () => {
  const layer = new Linear(2, 1, { rng: createRng(3), dtype: 'float64' });
  const model = new Sequential([layer]);
  const w0 = Array.from(layer.weight.value.data); // [in=2, out=1]
  const b0 = (model.paramGrads().find((p) => p.name === '0.bias')?.value.data[0]) as number;
  const history = model.fit(Tensor.from(X, undefined, 'float64'), Tensor.from(Y, undefined, 'float64'), {
    loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 1, batchSize: 4, shuffle: false, recordNorms: true,
  });
  // L = (1/n) Σ (ŷ - y)²:  ∂L/∂w_j = (2/n) Σ (ŷ - y) x_j,  ∂L/∂b = (2/n) Σ (ŷ - y)
  const residual = X.map((x, i) => (x[0] as number) * (w0[0] as number) + (x[1] as number) * (w0[1] as number) + b0 - (Y[i]?.[0] as number));
  const gw = [0, 1].map((j) => (2 / 4) * residual.reduce((s, r, i) => s + r * (X[i]?.[j] as number), 0));
  const gb = (2 / 4) * residual.reduce((s, r) => s + r, 0);
  expect(Object.keys(history.norms ?? {})).toEqual(['0.weight', '0.bias']);
  expect(history.norms?.['0.weight']?.grad[0]).toBeCloseTo(Math.hypot(gw[0] as number, gw[1] as number), 12);
  expect(history.norms?.['0.bias']?.grad[0]).toBeCloseTo(Math.abs(gb), 12);
  // The weight norm is taken after the epoch's step.
  const w1 = Array.from(layer.weight.value.data);
  expect(history.norms?.['0.weight']?.weight[0]).toBeCloseTo(Math.hypot(...w1), 12);
  expect(w1).not.toEqual(w0);
});

test('several batches and epochs: one value per epoch for every parameter, the mean over the batches', () => {
  const rng = createRng(1);
  const model = new Sequential([new Linear(2, 4, { rng }), new Tanh(), new Linear(4, 1, { rng })]);
  const perBatch: number[] = [];
  const params = model.paramGrads();
  const history = model.fit(Tensor.from(X), Tensor.from(Y), {
    loss: new MSELoss(), optimizer: new SGD({ lr: 0.05 }), epochs: 3, batchSize: 2, shuffle: false, recordNorms: true,
    // onBatchEnd runs after the step but the gradients are still those of the batch.
    onBatchEnd: () => perBatch.push(Math.sqrt(Array.from(params[0]?.grad.data ?? []).reduce((s, g) => s + g * g, 0))),
  });
  expect(Object.keys(history.norms ?? {})).toEqual(params.map((p) => p.name));
  for (const entry of Object.values(history.norms ?? {})) {
    expect(entry.grad).toHaveLength(3);
    expect(entry.weight).toHaveLength(3);
    for (const v of [...entry.grad, ...entry.weight]) expect(Number.isFinite(v) && v >= 0).toBe(true);
  }
  const grad = history.norms?.['0.weight']?.grad ?? [];
  [0, 1, 2].forEach((e) => expect(grad[e]).toBeCloseTo(((perBatch[2 * e] as number) + (perBatch[2 * e + 1] as number)) / 2, 5));
});

test('off by default; a non-boolean recordNorms is a ConfigError', () => {
  const model = new Sequential([new Linear(2, 1, { rng: createRng(0) })]);
  const options = { loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 1 };
  expect(model.fit(Tensor.from(X), Tensor.from(Y), options).norms).toBeUndefined();
  expect(() => model.fit(Tensor.from(X), Tensor.from(Y), { ...options, recordNorms: 'yes' as unknown as boolean })).toThrow(ConfigError);
});
