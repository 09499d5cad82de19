import { CrossEntropyLoss, MSELoss, Dropout, Linear, ReLU, Sequential, SGD, Tanh, Tensor, createRng } from '../../src';

function makeModel(): Sequential {
  const rng = createRng(5);
  return new Sequential([new Linear(3, 16, { rng }), new Tanh(), new Dropout(0.2), new Linear(16, 3, { rng }), new ReLU()]);
}

const rng = createRng(9);
const x = Tensor.randn([50, 3], rng);
const y = Tensor.from(Array.from({ length: 50 }, (_, i) => i % 3), [50]);

test('fitAsync gives the same weights and History as fit for the same seed', async () => {
  const options = () => ({
    loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.1, momentum: 0.9 }), epochs: 3, batchSize: 8, seed: 2,
    metrics: ['accuracy'] as const, validationSplit: 0.2,
  });
  const a = makeModel();
  const b = makeModel();
  const historyA = a.fit(x, y, options());
  const historyB = await b.fitAsync(x, y, options());
  expect(historyB).toEqual(historyA);
  a.paramGrads().forEach((p, i) => expect(Array.from(b.paramGrads()[i]!.value.data)).toEqual(Array.from(p.value.data)));
});

test('fitAsync yields to the event loop between batches and rejects like fit throws', async () => {
  const model = new Sequential([new Linear(3, 1)]);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  let batches = 0;
  const training = model.fitAsync(Tensor.randn([400, 3], rng), Tensor.ones([400, 1]), {
    loss: new MSELoss(), optimizer: new SGD({ lr: 0.01 }), epochs: 1, batchSize: 4, onBatchEnd: () => batches++,
  });
  await training.finally(() => clearInterval(timer));
  expect(batches).toBe(100);
  expect(ticks).toBeGreaterThan(0);
  await expect(model.fitAsync(x, y, { loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 0 })).rejects.toThrow(
    'fit: expected epochs to be a positive integer, got 0',
  );
});
