import {
  Adagrad, Adam, AdamW, Adamax, Conv2D, CrossEntropyLoss, Flatten, Linear, MaxPool2D, ReLU, RMSprop, Reshape, SGD, Sequential, Tensor, createRng, setBackend,
  setThreads, type Optimizer, type Param,
} from '../../src';
import { zeroFill } from '../../src/kernels';
import { wasmKernels } from '../helpers/wasmArrays';

/*
 * fit on the wasm backend keeps parameters, gradients and its buffers resident in the module's
 * memory (src/kernels/resident.ts). These tests check it changes no result: the weights are
 * bit-identical to a plain loop whose operands are copied at every call (also with MaxPool2D's
 * int32 argmax resident), a caller's swapped
 * Tensor.data is used and kept, and buffers released at the end of a fit are never reused.
 */

const ROWS = 48;
const rng = createRng(5);
const x = Tensor.uniform([ROWS, 40], -1, 1, rng);
const y = Tensor.from(Array.from({ length: ROWS }, (_, i) => (i * 7) % 10));

/** Layers large enough (≥ 1024 elements) for the wasm elementwise kernels, not only gemm. */
function model(): Sequential {
  const r = createRng(2);
  return new Sequential([new Linear(40, 64, { rng: r }), new ReLU(), new Linear(64, 10, { rng: r })]);
}

const options = () => ({ loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.1 }), batchSize: 16, shuffle: false });
const weights = (m: Sequential) => m.paramGrads().map((p) => Array.from(p.value.data));

const wasm = wasmKernels;

describe('resident buffers in fit (wasm backend)', () => {
  beforeAll(() => {
    setBackend('wasm');
    setThreads(1);
  });

  it('zeroFill zeroes a resident array in the module and a plain one in JS, and nothing else', () => {
    const kernels = wasm();
    const a = kernels.allocResident(1030)!;
    const b = kernels.allocResident(8)!;
    try {
      a.fill(3);
      b.fill(5);
      zeroFill(a);
      expect(a.every((v) => v === 0)).toBe(true);
      expect(Array.from(b)).toEqual(new Array(8).fill(5));
      const plain = new Float32Array(5).fill(2);
      zeroFill(plain);
      expect(Array.from(plain)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      kernels.releaseResident();
    }
  });

  it('trains to the weights of a plain loop that copies every operand, and hands back the original arrays', () => {
    const fitted = model();
    const before = fitted.paramGrads().map((p) => p.value.data);
    let residentDuringFit = 0;
    fitted.fit(x, y, {
      ...options(),
      epochs: 3,
      onBatchEnd: () => {
        residentDuringFit = fitted.paramGrads().filter((p) => wasm().residentAddress(p.value.data as Float32Array) >= 0).length;
      },
    });
    expect(residentDuringFit).toBe(4);
    fitted.paramGrads().forEach((p, i) => expect(p.value.data).toBe(before[i]));
    expect(fitted.paramGrads().every((p) => wasm().residentAddress(p.value.data as Float32Array) < 0)).toBe(true);

    const plain = model();
    const { loss, optimizer } = options();
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let start = 0; start < ROWS; start += 16) {
        plain.zeroGrad();
        loss.forward(plain.forward(x.sliceRows(start, start + 16)), y.sliceRows(start, start + 16));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    expect(weights(fitted)).toEqual(weights(plain));
  });

  it("uses and keeps an array a caller swaps into Tensor.data during fit", () => {
    const reference = model();
    reference.fit(x, y, { ...options(), epochs: 2 });

    const swapped = model();
    const weight = (swapped.layers[0] as Linear).weight.value;
    let mine: Float32Array | undefined;
    swapped.fit(x, y, {
      ...options(),
      epochs: 2,
      onBatchEnd: (batch, logs) => {
        if (logs.epoch !== 0 || batch !== 0) return;
        mine = (weight.data as Float32Array).slice();
        weight.data = mine;
      },
    });
    expect(weight.data).toBe(mine);
    expect(weights(swapped)).toEqual(weights(reference));
  });

  it('never reuses buffers released at the end of an earlier fit', () => {
    const once = model();
    once.fit(x, y, { ...options(), epochs: 2 });

    const twice = model();
    const { loss, optimizer } = options();
    twice.fit(x, y, { loss, optimizer, batchSize: 16, shuffle: false, epochs: 1 });
    model().fit(x.sliceRows(0, 32), y.sliceRows(0, 32), { ...options(), epochs: 1 }); // another fit takes the memory
    twice.fit(x, y, { loss, optimizer, batchSize: 16, shuffle: false, epochs: 1 });
    expect(weights(twice)).toEqual(weights(once));
  });

  it("trains a CNN (Conv2D's work arrays resident too) to the weights of a plain loop, also when fitted twice", () => {
    const images = Tensor.uniform([32, 64], 0, 1, createRng(8));
    const labels = Tensor.from(Array.from({ length: 32 }, (_, i) => i % 10));
    const cnn = () => {
      const r = createRng(3);
      return new Sequential([
        new Reshape([1, 8, 8]), new Conv2D(1, 16, 3, { padding: 'same', rng: r }), new ReLU(), new MaxPool2D(2),
        new Conv2D(16, 16, 3, { padding: 'same', rng: r }), new ReLU(), new Flatten(), new Linear(256, 10, { rng: r }),
      ]);
    };
    const fitted = cnn();
    const opts = options();
    fitted.fit(images, labels, { ...opts, epochs: 1 });
    fitted.fit(images, labels, { ...opts, epochs: 1 });

    const plain = cnn();
    const { loss, optimizer } = options();
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < 32; start += 16) {
        plain.zeroGrad();
        loss.forward(plain.forward(images.sliceRows(start, start + 16)), labels.sliceRows(start, start + 16));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    expect(weights(fitted)).toEqual(weights(plain));
  });

  it.each([
    ['2×2 stride 2 (the SIMD path)', 2, 2],
    ['overlapping 3×3 stride 2 (windows share maxima)', 3, 2],
  ] as const)("keeps MaxPool2D's argmax resident in fit, %s, and trains to the weights of a plain loop", (_, k, s) => {
    const images = Tensor.uniform([48, 64], 0, 1, createRng(9));
    const labels = Tensor.from(Array.from({ length: 48 }, (_, i) => (i * 3) % 10));
    const side = Math.floor((8 - k) / s) + 1;
    const cnn = () => {
      const r = createRng(4);
      return new Sequential([
        new Reshape([1, 8, 8]), new Conv2D(1, 16, 3, { padding: 'same', rng: r }), new ReLU(), new MaxPool2D(k, s),
        new Flatten(), new Linear(16 * side * side, 10, { rng: r }),
      ]);
    };
    const fitted = cnn();
    const pool = fitted.layers[3] as MaxPool2D;
    // The layer's private cache, read here only to see where its argmax lives.
    const argmax = () => (pool as unknown as { cache?: { argmax: Int32Array } }).cache?.argmax;
    const seen: Int32Array[] = [];
    const opts = options();
    fitted.fit(images, labels, {
      ...opts,
      epochs: 2,
      onBatchEnd: () => {
        const a = argmax()!;
        expect(wasm().residentAddress(a)).toBeGreaterThanOrEqual(0);
        if (!seen.includes(a)) seen.push(a);
      },
    });
    expect(seen).toHaveLength(1); // one array, reused from batch to batch and epoch to epoch
    fitted.fit(images, labels, { ...opts, epochs: 1 }); // a second fit after the arena was released

    const plain = cnn();
    const { loss, optimizer } = options();
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let start = 0; start < 48; start += 16) {
        plain.zeroGrad();
        loss.forward(plain.forward(images.sliceRows(start, start + 16)), labels.sliceRows(start, start + 16));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    expect(wasm().residentAddress(argmax()!)).toBe(-1);
    expect(weights(fitted)).toEqual(weights(plain));
  });

  it('keeps two overlapping fitAsync runs apart', async () => {
    const reference = model();
    reference.fit(x, y, { ...options(), epochs: 3 });
    const a = model();
    const b = model();
    await Promise.all([a.fitAsync(x, y, { ...options(), epochs: 3 }), b.fitAsync(x, y, { ...options(), epochs: 3 })]);
    expect(weights(a)).toEqual(weights(reference));
    expect(weights(b)).toEqual(weights(reference));
  });

  it('keeps its resident memory flat when batch shapes alternate (a smaller last batch, validation), and still trains as a plain loop', () => {
    // 40 rows, batch 16: batches of 16, 16 and 8, then validation on 8 more rows, every epoch.
    const rows = 40;
    const images = Tensor.uniform([rows + 8, 64], 0, 1, createRng(9));
    const labels = Tensor.from(Array.from({ length: rows + 8 }, (_, i) => i % 10));
    const cnn = () => {
      const r = createRng(4);
      return new Sequential([
        new Reshape([1, 8, 8]), new Conv2D(1, 16, 3, { padding: 'same', rng: r }), new ReLU(), new MaxPool2D(2),
        new Flatten(), new Linear(256, 10, { rng: r }),
      ]);
    };
    const fitted = cnn();
    const inUse: number[] = [];
    fitted.fit(images.sliceRows(0, rows), labels.sliceRows(0, rows), {
      ...options(), epochs: 6, validationData: [images.sliceRows(rows, rows + 8), labels.sliceRows(rows, rows + 8)],
      onEpochEnd: () => inUse.push(wasm().residentInUse),
    });
    expect(inUse[0]).toBeGreaterThan(0);
    expect(new Set(inUse.slice(1)).size).toBe(1);
    expect(inUse[5]).toBe(inUse[1]);

    const plain = cnn();
    const { loss, optimizer } = options();
    for (let epoch = 0; epoch < 6; epoch++) {
      for (let start = 0; start < rows; start += 16) {
        const end = Math.min(rows, start + 16);
        plain.zeroGrad();
        loss.forward(plain.forward(images.sliceRows(start, end)), labels.sliceRows(start, end));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    expect(weights(fitted)).toEqual(weights(plain));
  });

  describe.each([
    ['SGD with momentum', () => new SGD({ lr: 0.05, momentum: 0.9, nesterov: true })],
    ['Adam', () => new Adam({ lr: 1e-2, weightDecay: 1e-3 })],
    ['AdamW', () => new AdamW({ lr: 1e-2 })],
    ['RMSprop with momentum', () => new RMSprop({ lr: 1e-3, momentum: 0.5 })],
    ['Adagrad', () => new Adagrad({ lr: 1e-2 })],
    ['Adamax', () => new Adamax({ lr: 1e-2, weightDecay: 1e-3 })],
  ] as Array<[string, () => Optimizer]>)('%s: optimizer state', (_, make) => {
    /** The optimizer's per-parameter state (protected; read here to see where its buffers live). */
    const stateOf = (opt: Optimizer, p: Param) =>
      (opt as unknown as { state: { get(p: Param): Record<string, unknown> } }).state.get(p);
    const buffers = (opt: Optimizer, p: Param) =>
      Object.values(stateOf(opt, p)).filter((v): v is Float32Array => v instanceof Float32Array);

    it('lives in wasm memory during fit, is handed back as plain arrays, and trains as a plain loop does', () => {
      const fitted = model();
      const optimizer = make();
      const loss = new CrossEntropyLoss();
      let residentState = 0;
      const first = fitted.paramGrads()[0] as Param;
      const fitOnce = () => fitted.fit(x, y, {
        loss, optimizer, batchSize: 16, shuffle: false, epochs: 2,
        onBatchEnd: () => {
          residentState = buffers(optimizer, first).filter((b) => wasm().residentAddress(b) >= 0).length;
        },
      });
      fitOnce();
      expect(residentState).toBeGreaterThan(0);
      const after = buffers(optimizer, first);
      expect(after.every((b) => wasm().residentAddress(b) < 0)).toBe(true);
      model().fit(x.sliceRows(0, 32), y.sliceRows(0, 32), { ...options(), epochs: 1 }); // another fit takes the memory
      fitOnce();
      // The second fit pinned and handed back the same plain arrays.
      buffers(optimizer, first).forEach((b, i) => expect(b).toBe(after[i]));

      const plain = model();
      const plainOptimizer = make();
      for (let epoch = 0; epoch < 4; epoch++) {
        for (let start = 0; start < ROWS; start += 16) {
          plain.zeroGrad();
          loss.forward(plain.forward(x.sliceRows(start, start + 16)), y.sliceRows(start, start + 16));
          plain.backward(loss.backward());
          plainOptimizer.step(plain.paramGrads());
        }
      }
      expect(weights(fitted)).toEqual(weights(plain));
      expect(optimizer.stateDict?.()).toEqual(plainOptimizer.stateDict?.());
      expect(optimizer.stateDict?.()).toBeDefined();
    });
  });
});

