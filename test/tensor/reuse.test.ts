import { CrossEntropyLoss, Linear, ReLU, SGD, Sequential, Tensor, createRng } from '../../src';
import { enterBufferReuse, exitBufferReuse, workIndices } from '../../src/tensor/reuse';

function model(seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential([new Linear(5, 7, { rng }), new ReLU(), new Linear(7, 3, { rng })]);
}

describe('buffer reuse', () => {
  const rng = createRng(3);
  const x1 = Tensor.uniform([4, 5], -1, 1, rng);
  const x2 = Tensor.uniform([4, 5], -1, 1, rng);

  it('never overwrites an earlier result outside fit', () => {
    const net = model(1);
    const y1 = net.forward(x1);
    const kept = y1.data.slice();
    const y2 = net.forward(x2);
    expect(y2).not.toBe(y1);
    expect(Array.from(y1.data)).toEqual(Array.from(kept));
    const g1 = net.backward(Tensor.ones([4, 3]));
    const g2 = net.backward(Tensor.ones([4, 3]));
    expect(g2).not.toBe(g1);
  });

  it('hands out the same tensors for same-shape batches inside the training loop', () => {
    const net = model(1);
    const loss = new CrossEntropyLoss();
    const labels = Tensor.from([0, 1, 2, 1]);
    enterBufferReuse();
    try {
      const y1 = net.forward(x1);
      loss.forward(y1, labels);
      const g1 = net.backward(loss.backward());
      const y2 = net.forward(x2);
      loss.forward(y2, labels);
      const g2 = net.backward(loss.backward());
      expect(y2).toBe(y1);
      expect(g2).toBe(g1);
      // A batch of another size gets its own buffers.
      expect(net.forward(x1.sliceRows(0, 3)).shape).toEqual([3, 3]);
    } finally {
      exitBufferReuse();
    }
  });

  it('trains to the same weights as a plain loop that allocates every batch', () => {
    const x = Tensor.uniform([20, 5], -1, 1, createRng(4));
    const y = Tensor.from(Array.from({ length: 20 }, (_, i) => i % 3));
    const fitted = model(2);
    fitted.fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.1 }), epochs: 3, batchSize: 8, shuffle: false });

    const plain = model(2);
    const loss = new CrossEntropyLoss();
    const optimizer = new SGD({ lr: 0.1 });
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let start = 0; start < 20; start += 8) {
        const end = Math.min(20, start + 8);
        plain.zeroGrad();
        loss.forward(plain.forward(x.sliceRows(start, end)), y.sliceRows(start, end));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    const a = fitted.paramGrads();
    const b = plain.paramGrads();
    a.forEach((param, i) => expect(Array.from(param.value.data)).toEqual(Array.from(b[i]!.value.data)));
  });

  it('workIndices: a fresh index array outside the training loop, the same one inside it while the size holds', () => {
    const a = workIndices(undefined, 6);
    expect(a).toEqual(new Int32Array(6));
    expect(workIndices(a, 6)).not.toBe(a);
    enterBufferReuse();
    try {
      const b = workIndices(undefined, 6);
      b.fill(4);
      expect(workIndices(b, 6)).toBe(b);
      expect(Array.from(b)).toEqual([4, 4, 4, 4, 4, 4]); // contents left for the caller to overwrite
      const c = workIndices(b, 5);
      expect(c).not.toBe(b);
      expect(c).toHaveLength(5);
    } finally {
      exitBufferReuse();
    }
  });
});
