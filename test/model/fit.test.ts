import { ConfigError, DataError, NumericError, ShapeError } from '../../src/errors';
import { Dropout } from '../../src/layers/Dropout';
import { Linear } from '../../src/layers/Linear';
import { ReLU } from '../../src/layers/ReLU';
import { Sigmoid } from '../../src/layers/Sigmoid';
import { Tanh } from '../../src/layers/Tanh';
import { BCELoss } from '../../src/losses/BCELoss';
import { BCEWithLogitsLoss } from '../../src/losses/BCEWithLogitsLoss';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { MSELoss } from '../../src/losses/MSELoss';
import type { BatchLogs, EpochLogs } from '../../src/model/fit';
import { Sequential } from '../../src/model/Sequential';
import { SGD } from '../../src/optim/SGD';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';
import { loadDigits } from '../helpers/digits';

const XOR_X = Tensor.from([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const XOR_Y = Tensor.from([[0], [1], [1], [0]]);

function xorNet(seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential([new Linear(2, 8, { rng }), new Tanh(), new Linear(8, 1, { rng }), new Sigmoid()]);
}

/** A small regression problem y = x·[1, −2, 0.5] + 0.3 with noise-free targets. */
function regression(rows: number, seed = 3): { x: Tensor; y: Tensor } {
  const x = Tensor.uniform([rows, 3], -1, 1, createRng(seed));
  const y = Tensor.zeros([rows, 1]);
  for (let i = 0; i < rows; i++) y.data[i] = x.get(i, 0) - 2 * x.get(i, 1) + 0.5 * x.get(i, 2) + 0.3;
  return { x, y };
}

describe('fit', () => {
  it('learns XOR to 100% accuracy', () => {
    const model = xorNet(1);
    const history = model.fit(XOR_X, XOR_Y, {
      loss: new BCELoss(),
      optimizer: new SGD({ lr: 0.5, momentum: 0.9 }),
      epochs: 300,
      batchSize: 4,
      seed: 0,
      metrics: ['accuracy'],
    });
    expect(history.epoch).toHaveLength(300);
    expect(history.loss[299]).toBeLessThan(history.loss[0]! / 10);
    expect(history.accuracy![299]).toBe(1);
    expect(model.evaluate(XOR_X, XOR_Y, { loss: new BCELoss(), metrics: ['accuracy'] }).accuracy).toBe(1);
    const p = model.predict(XOR_X);
    expect(Array.from(p.data).map((v) => (v > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('reports accuracy of a logits output (BCEWithLogitsLoss) with the threshold at 0', () => {
    const identity = new Linear(1, 1);
    identity.weight.value.data[0] = 1; // logits = x
    const x = Tensor.from([[-2], [0.5], [3], [-0.1]]);
    const y = Tensor.from([[0], [0], [1], [1]]);
    // Predicted classes [0, 1, 1, 0] (a 0.5 threshold would give [0, 0, 1, 0] and 0.75).
    expect(new Sequential([identity]).evaluate(x, y, { loss: new BCEWithLogitsLoss(), metrics: ['accuracy'] }).accuracy).toBe(0.5);

    const rng = createRng(1);
    const model = new Sequential([new Linear(2, 8, { rng }), new Tanh(), new Linear(8, 1, { rng })]);
    const history = model.fit(XOR_X, XOR_Y, {
      loss: new BCEWithLogitsLoss(),
      optimizer: new SGD({ lr: 0.5, momentum: 0.9 }),
      epochs: 300,
      batchSize: 4,
      seed: 0,
      metrics: ['accuracy'],
    });
    expect(history.accuracy!.at(-1)).toBe(1);
    expect(Array.from(model.predict(XOR_X).data).map((v) => (v > 0 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('trains a 64-32-10 ReLU MLP on digits to ≥ 0.95 test accuracy', () => {
    const { train, test } = loadDigits();
    const rng = createRng(42);
    const model = new Sequential([
      new Linear(64, 32, { rng, init: 'heUniform' }),
      new ReLU(),
      new Linear(32, 10, { rng }),
    ]);
    const loss = new CrossEntropyLoss();
    const history = model.fit(train.x, train.y, {
      loss,
      optimizer: new SGD({ lr: 0.1, momentum: 0.9 }),
      epochs: 20,
      batchSize: 32,
      seed: 42,
      metrics: ['accuracy'],
      validationSplit: 0.1,
    });
    expect(history.valAccuracy![19]).toBeGreaterThan(0.9);
    const result = model.evaluate(test.x, test.y, { loss, metrics: ['accuracy'] });
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.loss).toBeLessThan(0.25);
  });

  it('gives bit-identical weights for the same seeds, different ones for another seed', () => {
    const train = (seed: number) => {
      const rng = createRng(7);
      const model = new Sequential([new Linear(3, 16, { rng }), new ReLU(), new Dropout(0.2), new Linear(16, 1, { rng })]);
      const { x, y } = regression(64);
      model.fit(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.05 }), epochs: 5, batchSize: 10, seed });
      return model.paramGrads().map((p) => Array.from(p.value.data));
    };
    const first = train(1);
    expect(train(1)).toEqual(first);
    expect(train(2)).not.toEqual(first);
  });

  it('records loss, lr and validation metrics per epoch; the last fraction is the validation set', () => {
    const { x, y } = regression(100);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const loss = new MSELoss();
    const epochs: [number, EpochLogs][] = [];
    const batches: BatchLogs[] = [];
    const history = model.fit(x, y, {
      loss,
      optimizer: new SGD({ lr: 0.1 }),
      epochs: 3,
      batchSize: 32,
      seed: 0,
      validationSplit: 0.25,
      schedule: (epoch, lr0) => lr0 * 0.5 ** epoch,
      onEpochEnd: (epoch, logs) => epochs.push([epoch, logs]),
      onBatchEnd: (_, logs) => batches.push(logs),
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.lr).toEqual([0.1, 0.05, 0.025]);
    expect(history.valLoss).toHaveLength(3);
    expect(history.accuracy).toBeUndefined();
    // 75 training rows in batches of 32: 32, 32, 11.
    expect(batches.slice(0, 3).map((b) => [b.batch, b.batches, b.size])).toEqual([
      [0, 3, 32],
      [1, 3, 32],
      [2, 3, 11],
    ]);
    expect(epochs.map(([e, logs]) => [e, logs.loss, logs.valLoss])).toEqual(
      history.epoch.map((e) => [e, history.loss[e], history.valLoss![e]]),
    );
    const valLoss = model.evaluate(x.sliceRows(75, 100), y.sliceRows(75, 100), { loss }).loss;
    expect(valLoss).toBeCloseTo(history.valLoss![2]!, 6);
    expect(history.loss[2]).toBeLessThan(history.loss[0]!);
  });

  it('verbose prints one line per epoch', () => {
    const { x, y } = regression(20);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const history = model.fit(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 2, seed: 0, verbose: true });
      expect(log.mock.calls.map((call) => call[0])).toEqual([
        `Epoch 1/2 - loss: ${history.loss[0]!.toFixed(4)} - lr: 0.1`,
        `Epoch 2/2 - loss: ${history.loss[1]!.toFixed(4)} - lr: 0.1`,
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('stops early when the monitored loss stops improving and restores the best weights', () => {
    const { x, y } = regression(60);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const loss = new MSELoss();
    let best: number[] = [];
    const history = model.fit(x, y, {
      loss,
      optimizer: new SGD({ lr: 0.1 }),
      epochs: 50,
      seed: 0,
      validationData: [x, y],
      // From epoch 3 on the rate is far too high: the loss grows and patience runs out after 2 epochs.
      schedule: (epoch, lr0) => (epoch < 3 ? lr0 : 1.5),
      earlyStopping: { monitor: 'valLoss', patience: 2, restoreBest: true },
      onEpochEnd: (epoch) => {
        if (epoch === 2) best = model.paramGrads().flatMap((p) => Array.from(p.value.data));
      },
    });
    expect(history.epoch).toEqual([0, 1, 2, 3, 4]);
    expect(history.valLoss![4]).toBeGreaterThan(history.valLoss![2]!);
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).toBe(2);
    expect(model.paramGrads().flatMap((p) => Array.from(p.value.data))).toEqual(best);
    expect(model.evaluate(x, y, { loss }).loss).toBeCloseTo(history.valLoss![2]!, 6);
  });

  it('stops with NumericError on a NaN loss, before the optimizer step that would use it', () => {
    const { x, y } = regression(12);
    const mse = new MSELoss();
    let calls = 0;
    // A loss that turns NaN on the second batch, as an overflowing model would.
    const loss = Object.assign(Object.create(mse) as MSELoss, {
      forward: (p: Tensor, t: Tensor) => (calls++ === 1 ? NaN : mse.forward(p, t)),
    });
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    let afterFirstBatch: number[] = [];
    const run = () =>
      model.fit(x, y, {
        loss,
        optimizer: new SGD({ lr: 0.1 }),
        epochs: 1,
        batchSize: 4,
        shuffle: false,
        onBatchEnd: () => {
          afterFirstBatch = model.paramGrads().flatMap((p) => Array.from(p.value.data));
        },
      });
    expect(run).toThrow(NumericError);
    calls = 0;
    expect(run).toThrow(/expected a finite loss, got NaN \(MSELoss\) at epoch 0, batch 1; .*try a lower learning rate/);
    expect(model.paramGrads().flatMap((p) => Array.from(p.value.data))).toEqual(afterFirstBatch);
    expect(afterFirstBatch.every(Number.isFinite)).toBe(true);
  });

  it('reports NaN in the inputs as bad data naming the row and column, not as a learning-rate problem', () => {
    const { x, y } = regression(12);
    x.data[5 * 3 + 2] = NaN;
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const before = model.paramGrads().flatMap((p) => Array.from(p.value.data));
    const run = () => model.fit(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 1 });
    expect(run).toThrow(DataError);
    expect(run).toThrow('fit: expected finite numbers in x, got NaN at row 5, column 2; remove or fill the missing values before training');
    expect(model.paramGrads().flatMap((p) => Array.from(p.value.data))).toEqual(before);
  });

  it('checks its arguments', () => {
    const { x, y } = regression(10);
    const model = new Sequential([new Linear(3, 1)]);
    const base = { loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 1 };
    expect(() => model.fit(x, y.sliceRows(0, 9), base)).toThrow(ShapeError);
    expect(() => model.fit(x, y.sliceRows(0, 9), base)).toThrow('fit: expected y with 10 rows (one per row of x [10, 3]), got [9, 1]');
    expect(() => model.fit(x, y, { ...base, epochs: 0 })).toThrow('fit: expected epochs to be a positive integer, got 0');
    expect(() => model.fit(x, y, { ...base, batchSize: -1 })).toThrow(ConfigError);
    expect(() => model.fit(x, y, { ...base, validationSplit: 1.5 })).toThrow('fit: expected validationSplit in [0, 1), got 1.5');
    expect(() => model.fit(x, y, { ...base, earlyStopping: { monitor: 'valLoss' } })).toThrow(/needs validationSplit/);
    expect(() => model.fit(x, y, { ...base, schedule: () => -1 })).toThrow(
      'fit: schedule: expected the learning rate for epoch 0 to be a non-negative number, got -1',
    );
  });
});

describe('predict and evaluate', () => {
  it('predict runs in eval mode in batches, restores the mode, and matches one big forward', () => {
    const rng = createRng(4);
    const model = new Sequential([new Linear(3, 5, { rng }), new Dropout(0.5), new ReLU(), new Linear(5, 2, { rng })]);
    const x = Tensor.uniform([10, 3], -1, 1, rng);
    const p = model.predict(x, { batchSize: 3 });
    expect(model.training).toBe(true);
    model.eval();
    expect(Array.from(p.data)).toEqual(Array.from(model.forward(x).data));
    expect(model.predict(x).shape).toEqual([10, 2]);
    expect(model.training).toBe(false);
    expect(model.predict(Tensor.zeros([0, 3])).shape).toEqual([0, 2]);
  });

  it('evaluate averages the loss over all rows, weighting the smaller last batch', () => {
    const { x, y } = regression(10);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const loss = new MSELoss();
    const whole = loss.forward(model.predict(x), y);
    expect(model.evaluate(x, y, { loss, batchSize: 4 }).loss).toBeCloseTo(whole, 6);
  });
});
