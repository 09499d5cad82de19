import {
  Adam,
  BatchNorm1D,
  BCELoss,
  ConfigError,
  createRng,
  CrossEntropyLoss,
  DataError,
  Dropout,
  KubikiError,
  Linear,
  MSELoss,
  NumericError,
  ReLU,
  Sequential,
  SGD,
  ShapeError,
  Tensor,
  type FitState,
  type Optimizer,
} from '../../src';

/* Issue 13 in the library: wrong answers that used to pass silently, and resumable training. */

function regression(rows: number, seed = 3): { x: Tensor; y: Tensor } {
  const x = Tensor.uniform([rows, 3], -1, 1, createRng(seed));
  const y = Tensor.zeros([rows, 1]);
  for (let i = 0; i < rows; i++) y.data[i] = x.get(i, 0) - 2 * x.get(i, 1) + 0.5 * x.get(i, 2) + 0.3;
  return { x, y };
}

function classes(rows: number, seed = 5): { x: Tensor; y: Tensor } {
  const x = Tensor.uniform([rows, 3], -1, 1, createRng(seed));
  const y = Tensor.zeros([rows]);
  for (let i = 0; i < rows; i++) y.data[i] = x.get(i, 0) + x.get(i, 1) > 0 ? 1 : 0;
  return { x, y };
}

const weights = (model: Sequential): number[] => model.paramGrads().flatMap((p) => Array.from(p.value.data));

describe('fit: divergence that stays finite', () => {
  it('stops when an epoch loss exceeds divergenceFactor × the first batch loss, naming the epoch and the rule', () => {
    const { x, y } = regression(32);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const run = (divergenceFactor?: number) =>
      model.fit(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 3 }), epochs: 4, batchSize: 8, shuffle: false, ...(divergenceFactor ? { divergenceFactor } : {}) });
    expect(() => run()).toThrow(NumericError);
    expect(() => run()).toThrow(/fit: training diverged at epoch \d: the epoch's loss \S+ exceeds 10000 × the first batch's loss \S+ \(the rule: divergenceFactor × the initial loss/);
    expect(() => run(1e300)).not.toThrow();
  });

  it('stops on a non-finite weight at the end of an epoch', () => {
    const { x, y } = regression(8);
    const model = new Sequential([new Linear(3, 1, { rng: createRng(1) })]);
    const broken: Optimizer = Object.assign(new SGD({ lr: 0.1 }), {
      step: (params: readonly { value: Tensor }[]) => {
        (params[0] as { value: Tensor }).value.data[2] = Infinity;
      },
    });
    expect(() => model.fit(x, y, { loss: new MSELoss(), optimizer: broken, epochs: 2, batchSize: 8 })).toThrow(
      'fit: training diverged at epoch 0: weight "0.weight"[2] is Infinity (the rule: every weight stays finite)',
    );
  });
});

describe('fit: batch statistics and a last batch of one row', () => {
  const bnModel = () => new Sequential([new Linear(3, 4, { rng: createRng(2) }), new BatchNorm1D(4), new ReLU(), new Linear(4, 2, { rng: createRng(3) })]);

  it('merges a one-row last batch into the batch before when the model has BatchNorm (120 rows, batch 7 and 119)', () => {
    const { x, y } = classes(120);
    for (const [batchSize, sizes] of [
      [7, [...Array(16).fill(7), 8]],
      [119, [120]],
    ] as const) {
      const seen: number[] = [];
      bnModel().fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new Adam(), epochs: 1, batchSize, onBatchEnd: (_b, logs) => seen.push(logs.size) });
      expect(seen).toEqual(sizes);
    }
  });

  it('dropLast skips the short last batch (PyTorch drop_last)', () => {
    const { x, y } = classes(20);
    const seen: number[] = [];
    const history = bnModel().fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new Adam(), epochs: 1, batchSize: 6, dropLast: true, onBatchEnd: (_b, logs) => seen.push(logs.size) });
    expect(seen).toEqual([6, 6, 6]);
    expect(Number.isFinite(history.loss[0])).toBe(true);
  });

  it('keeps a one-row last batch for models without batch statistics', () => {
    const { x, y } = classes(15);
    const seen: number[] = [];
    new Sequential([new Linear(3, 2)]).fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new Adam(), epochs: 1, batchSize: 7, onBatchEnd: (_b, logs) => seen.push(logs.size) });
    expect(seen).toEqual([7, 7, 1]);
  });
});

describe('the library throws only KubikiErrors for bad arguments', () => {
  it('CrossEntropyLoss with one output unit is a ConfigError (it reported accuracy 0.5 on right answers)', () => {
    const { x, y } = classes(8);
    y.data.fill(0);
    const model = new Sequential([new Linear(3, 1)]);
    const run = () => model.fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new Adam(), epochs: 1, metrics: ['accuracy'] });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow('CrossEntropyLoss: expected at least 2 outputs (one per class), got 1; the softmax of one output is always 1. For two classes with one output unit use BCEWithLogitsLoss');
  });

  it('names the problem for fit without an optimizer, odd layers, impossible tensors and BCE targets outside [0, 1]', () => {
    const { x, y } = regression(4);
    const model = new Sequential([new Linear(3, 1)]);
    const cases: [() => unknown, string][] = [
      [() => model.fit(x, y, { loss: new MSELoss(), epochs: 1 } as never), 'fit: expected options.optimizer to be an optimizer (e.g. new Adam({ lr: 0.001 })), got undefined'],
      [() => model.fit(x, y, { optimizer: new Adam(), epochs: 1 } as never), 'fit: expected options.loss to be a loss'],
      [() => new Sequential([{} as never]), 'Sequential: layers[0]: expected a layer (e.g. new Linear(4, 8), or buildLayer({ type: "Linear", … })), got an object without forward'],
      [() => new Sequential([new Linear(3, 1)]).add(null as never), 'Sequential: layers[1]: expected a layer (e.g. new Linear(4, 8), or buildLayer({ type: "Linear", … })), got null'],
      [() => Tensor.zeros([1e10, 1e10]), 'Tensor: expected at most 268435456 values (2^28, 1 GiB of float32) in one tensor, got 100000000000000000000'],
      [() => Tensor.zeros([2 ** 31]), 'expected at most 268435456 values'],
      [() => Tensor.zeros([-1]), 'expected a shape of non-negative integers, got [-1]'],
      [() => Tensor.from(['a', 'b'] as never), 'Tensor.from: expected numbers, got string at index 0'],
      [() => Tensor.from([1, 2], [2], 'int8' as never), 'Tensor: expected dtype "float32" or "float64", got "int8"'],
      [() => createRng('abc' as never), 'createRng: expected a finite seed, got abc'],
      [() => new BCELoss().forward(Tensor.from([[0.5]]), Tensor.from([[2]])), 'BCELoss: expected targets in [0, 1] (0/1 labels or probabilities), got 2 at index 0'],
      [() => new Linear(NaN, 2), 'Linear: expected inputSize to be a positive integer, got NaN'],
      [() => new Dropout(NaN), 'got NaN'],
    ];
    for (const [run, message] of cases) {
      expect(run).toThrow(KubikiError);
      expect(run).toThrow(message);
    }
    expect(() => new Adam().lr = -1).toThrow(ConfigError);
    expect(() => Tensor.zeros([1e10, 1e10])).toThrow(ShapeError);
    expect(() => new BCELoss().forward(Tensor.from([[0.5]]), Tensor.from([[-0.1]]))).toThrow(DataError);
  });
});

describe('fit: checkpoints and resume', () => {
  const build = () =>
    new Sequential([new Linear(3, 8, { rng: createRng(11) }), new ReLU(), new Dropout(0.3), new Linear(8, 2, { rng: createRng(12) })]);

  it('a run stopped after any epoch and resumed from its state ends with the same weights bit for bit', () => {
    const { x, y } = classes(50);
    const options = (optimizer: Optimizer) => ({
      loss: new CrossEntropyLoss(),
      optimizer,
      epochs: 7,
      batchSize: 8,
      seed: 4,
      validationSplit: 0.2,
      metrics: ['accuracy'] as const,
      schedule: (epoch: number, lr0: number) => lr0 * 0.8 ** epoch,
      earlyStopping: { monitor: 'valLoss' as const, patience: 10, restoreBest: true },
    });
    const straight = build();
    const straightHistory = straight.fit(x, y, options(new Adam({ lr: 0.02 })));

    for (const stopAfter of [1, 3, 6]) {
      const first = build();
      const optimizer = new Adam({ lr: 0.02 });
      const saved: { state: FitState; model: string; optimizer: string }[] = [];
      first.fit(x, y, {
        ...options(optimizer),
        epochs: stopAfter,
        checkpoint: { every: 1, save: (state) => saved.push({ state: JSON.parse(JSON.stringify(state)), model: JSON.stringify(first.toJSON()), optimizer: JSON.stringify(optimizer.stateDict()) }) },
      });
      const last = saved[saved.length - 1] as (typeof saved)[number];
      expect(last.state.epoch).toBe(stopAfter);
      const model = Sequential.fromJSON(JSON.parse(last.model));
      const resumedOptimizer = new Adam({ lr: 0.02 });
      resumedOptimizer.loadStateDict(JSON.parse(last.optimizer));
      const history = model.fit(x, y, { ...options(resumedOptimizer), resume: last.state });
      expect(weights(model)).toEqual(weights(straight));
      expect(history).toEqual(straightHistory);
    }
  });

  it('initialEpoch alone starts the epochs later (Keras initial_epoch)', () => {
    const { x, y } = regression(16);
    const history = new Sequential([new Linear(3, 1)]).fit(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.05 }), epochs: 5, initialEpoch: 3 });
    expect(history.epoch).toEqual([3, 4]);
  });
});
