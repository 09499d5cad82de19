import {
  AvgPool2D,
  BatchNorm1D,
  BatchNorm2D,
  Conv2D,
  CrossEntropyLoss,
  Dropout,
  Flatten,
  GlobalAvgPool2D,
  LayerNorm,
  Linear,
  MaxPool2D,
  ReLU,
  Reshape,
  SGD,
  Sequential,
  Tensor,
  createRng,
  type Layer,
  type Shape,
  Embedding,
  LSTM,
  GRU,
  SimpleRNN,
  Bidirectional,
  MultiHeadAttention,
  PositionalEmbedding,
  LastStep,
  GlobalAvgPool1D,
  GlobalMaxPool1D,
} from '../../src';
import { enterBufferReuse, exitBufferReuse } from '../../src/tensor/reuse';
import { loadDigits } from '../helpers/digits';

/*
 * Buffer reuse (src/tensor/reuse.ts) in the convolution, pooling, normalisation and Dropout layers.
 * A reused buffer keeps the last batch's values, so the layers whose backward kernels ADD into the
 * gradient (col2im, max- and average-pool backward) must clear it first: every case below runs two
 * rounds with different data and compares both against a twin layer that allocates every call.
 */

interface Case {
  readonly label: string;
  /** A new layer; two calls give identical layers (same seed). */
  readonly make: () => Layer;
  readonly shape: Shape;
  /** Integer inputs in 0..indices−1 (an Embedding's) instead of random reals. */
  readonly indices?: number;
}

const evalMode = (layer: Layer): Layer => {
  layer.training = false;
  return layer;
};

const cases: Case[] = [
  { label: 'Conv2D 3×3, padding 1 (overlapping fields)', make: () => new Conv2D(2, 3, 3, { padding: 1, rng: createRng(1) }), shape: [2, 2, 5, 5] },
  { label: "Conv2D 3×3, stride 2, 'same'", make: () => new Conv2D(2, 3, 3, { stride: 2, padding: 'same', rng: createRng(2) }), shape: [2, 2, 5, 5] },
  { label: 'MaxPool2D 2×2', make: () => new MaxPool2D(2), shape: [2, 2, 4, 4] },
  { label: 'MaxPool2D 3×3 stride 1 (overlapping windows)', make: () => new MaxPool2D(3, 1), shape: [2, 2, 5, 5] },
  { label: 'MaxPool2D 2×2 stride 3 (uncovered positions)', make: () => new MaxPool2D(2, 3), shape: [2, 2, 5, 5] },
  { label: 'AvgPool2D 3×3 stride 1 (overlapping windows)', make: () => new AvgPool2D(3, 1), shape: [2, 2, 5, 5] },
  { label: 'AvgPool2D 2×2 stride 3 (uncovered positions)', make: () => new AvgPool2D(2, 3), shape: [2, 2, 5, 5] },
  { label: 'GlobalAvgPool2D', make: () => new GlobalAvgPool2D(), shape: [2, 3, 4, 4] },
  { label: 'BatchNorm2D (training)', make: () => new BatchNorm2D(2), shape: [3, 2, 4, 4] },
  { label: 'BatchNorm2D (eval)', make: () => evalMode(new BatchNorm2D(2)), shape: [3, 2, 4, 4] },
  { label: 'BatchNorm1D (training)', make: () => new BatchNorm1D(3), shape: [4, 3] },
  { label: 'LayerNorm over [5, 5]', make: () => new LayerNorm([5, 5]), shape: [2, 2, 5, 5] },
  { label: 'Dropout (training)', make: () => new Dropout(0.4, { rng: createRng(3) }), shape: [3, 2, 4, 4] },
  { label: 'Dropout (eval)', make: () => evalMode(new Dropout(0.4, { rng: createRng(3) })), shape: [3, 4] },
  // sequences
  { label: 'Embedding with paddingIdx', make: () => new Embedding(6, 3, { paddingIdx: 1, rng: createRng(4) }), shape: [2, 5], indices: 6 },
  { label: 'Linear on [batch, time, in]', make: () => new Linear(3, 4, { rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'LSTM, every step (wasm cell)', make: () => new LSTM(3, 16, { returnSequences: true, rng: createRng(4) }), shape: [4, 5, 3] },
  { label: 'LSTM, last step', make: () => new LSTM(3, 4, { rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'GRU', make: () => new GRU(3, 4, { returnSequences: true, rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'GRU, resetAfter false', make: () => new GRU(3, 4, { resetAfter: false, rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'SimpleRNN', make: () => new SimpleRNN(3, 4, { returnSequences: true, rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'Bidirectional LSTM', make: () => new Bidirectional(new LSTM(3, 4, { returnSequences: true, rng: createRng(4) }), { rng: createRng(5) }), shape: [2, 5, 3] },
  { label: 'MultiHeadAttention, causal', make: () => new MultiHeadAttention(4, 2, { causal: true, rng: createRng(4) }), shape: [2, 5, 4] },
  { label: 'PositionalEmbedding', make: () => new PositionalEmbedding(8, 3, { rng: createRng(4) }), shape: [2, 5, 3] },
  { label: 'LastStep', make: () => new LastStep(), shape: [2, 5, 3] },
  { label: 'GlobalAvgPool1D', make: () => new GlobalAvgPool1D(), shape: [2, 5, 3] },
  { label: 'GlobalMaxPool1D', make: () => new GlobalMaxPool1D(), shape: [2, 5, 3] },
];

/** Two batches and two output gradients of the case's shapes, all different. */
function data(layer: Layer, shape: Shape, indices?: number): { inputs: Tensor[]; grads: Tensor[] } {
  const rng = createRng(7);
  const outShape = layer.outputShape(shape);
  const input = (): Tensor => {
    const x = Tensor.uniform(shape, -1, 1, rng);
    if (indices !== undefined) x.data.forEach((v, i) => (x.data[i] = Math.floor(((v + 1) / 2) * indices)));
    return x;
  };
  return {
    inputs: [input(), input()],
    grads: [Tensor.uniform(outShape, -1, 1, rng), Tensor.uniform(outShape, -1, 1, rng)],
  };
}

/** forward/backward on each batch; the tensors returned and a copy of their values at the time. */
function rounds(layer: Layer, inputs: Tensor[], grads: Tensor[]) {
  const outputs: Tensor[] = [];
  const gradIns: Tensor[] = [];
  const values: number[][] = [];
  inputs.forEach((x, r) => {
    const y = layer.forward(x);
    outputs.push(y);
    values.push(Array.from(y.data));
    const g = layer.backward(grads[r] as Tensor);
    gradIns.push(g);
    values.push(Array.from(g.data));
  });
  return { outputs, gradIns, values };
}

/** Every parameter, gradient and buffer (running statistics) of the layer, as plain numbers. */
function state(layer: Layer): number[][] {
  return [
    ...layer.paramGrads().flatMap((p) => [Array.from(p.value.data), Array.from(p.grad.data)]),
    ...(layer.buffers?.() ?? []).map((b) => Array.from(b.value.data)),
  ];
}

describe.each(cases)('buffer reuse in $label', ({ make, shape, indices }) => {
  it('hands out the same tensors inside fit, with the values of a layer that allocates every call', () => {
    const reused = make();
    const { inputs, grads } = data(reused, shape, indices);
    enterBufferReuse();
    let result;
    try {
      result = rounds(reused, inputs, grads);
    } finally {
      exitBufferReuse();
    }
    const fresh = make();
    const expected = rounds(fresh, inputs, grads);
    expect(result.outputs[1]).toBe(result.outputs[0]);
    expect(result.gradIns[1]).toBe(result.gradIns[0]);
    expect(expected.outputs[1]).not.toBe(expected.outputs[0]);
    expect(result.values).toEqual(expected.values);
    expect(state(reused)).toEqual(state(fresh));
  });

  it('returns new tensors outside fit and never overwrites an earlier result', () => {
    const layer = make();
    const { inputs, grads } = data(layer, shape, indices);
    const y1 = layer.forward(inputs[0] as Tensor);
    const kept = Array.from(y1.data);
    const y2 = layer.forward(inputs[1] as Tensor);
    expect(y2).not.toBe(y1);
    expect(Array.from(y1.data)).toEqual(kept);
    const g1 = layer.backward(grads[0] as Tensor);
    const keptGrad = Array.from(g1.data);
    const g2 = layer.backward(grads[1] as Tensor);
    expect(g2).not.toBe(g1);
    expect(Array.from(g1.data)).toEqual(keptGrad);
  });
});

describe('fit with buffer reuse in a CNN', () => {
  const digits = loadDigits();
  const rows = 100; // batches of 32, 32, 32 and 4: the short last batch changes shapes every epoch
  const x = digits.train.x.sliceRows(0, rows);
  const y = digits.train.y.sliceRows(0, rows);
  const batchSize = 32;
  const epochs = 2;
  const seed = 11;

  /** The digits-cnn network (examples/digits-cnn), narrower. */
  const digitsCnn = (): Sequential => {
    const rng = createRng(5);
    return new Sequential([
      new Reshape([1, 8, 8]),
      new Conv2D(1, 4, 3, { padding: 'same', rng }),
      new BatchNorm2D(4),
      new ReLU(),
      new MaxPool2D(2),
      new Conv2D(4, 8, 3, { padding: 'same', rng }),
      new ReLU(),
      new Flatten(),
      new Linear(128, 10, { rng }),
    ]);
  };
  /** Every other layer with reused buffers, including the accumulating backward kernels. */
  const otherLayers = (): Sequential => {
    const rng = createRng(6);
    return new Sequential([
      new Reshape([1, 8, 8]),
      new Conv2D(1, 4, 3, { padding: 1, rng }),
      new LayerNorm([8, 8]),
      new AvgPool2D(3, 1),
      new Dropout(0.3),
      new MaxPool2D(3, 1),
      new Conv2D(4, 6, 3, { rng }),
      new GlobalAvgPool2D(),
      new BatchNorm1D(6),
      new Linear(6, 10, { rng }),
    ]);
  };

  it.each([
    ['the digits CNN', digitsCnn],
    ['AvgPool2D, Dropout, LayerNorm, GlobalAvgPool2D and BatchNorm1D', otherLayers],
  ])('trains %s to the same weights as a plain loop that allocates every batch', (_, build) => {
    const fitted = build();
    const optimizerOptions = { lr: 0.05, momentum: 0.9 };
    fitted.fit(x, y, { loss: new CrossEntropyLoss(), optimizer: new SGD(optimizerOptions), epochs, batchSize, shuffle: false, seed });

    const plain = build();
    plain.setRng(createRng(seed + 1)); // what fit does with its seed, for Dropout's masks
    plain.train();
    const loss = new CrossEntropyLoss();
    const optimizer = new SGD(optimizerOptions);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(rows, start + batchSize);
        plain.zeroGrad();
        loss.forward(plain.forward(x.sliceRows(start, end)), y.sliceRows(start, end));
        plain.backward(loss.backward());
        optimizer.step(plain.paramGrads());
      }
    }
    const weights = (model: Sequential) => [
      ...model.paramGrads().map((p) => Array.from(p.value.data)),
      ...model.buffers().map((b) => Array.from(b.value.data)),
    ];
    expect(weights(fitted)).toEqual(weights(plain));
    // Not a vacuous match: training moved the weights away from their initial values.
    expect(weights(fitted)).not.toEqual(weights(build()));
  });
});
