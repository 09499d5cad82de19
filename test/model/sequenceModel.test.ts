import { Bidirectional } from '../../src/layers/Bidirectional';
import { Embedding } from '../../src/layers/Embedding';
import { GlobalMaxPool1D } from '../../src/layers/GlobalMaxPool1D';
import { GRU } from '../../src/layers/GRU';
import { MultiHeadAttention } from '../../src/layers/MultiHeadAttention';
import { PositionalEmbedding } from '../../src/layers/PositionalEmbedding';
import { SimpleRNN } from '../../src/layers/SimpleRNN';
import { Linear } from '../../src/layers/Linear';
import { LSTM } from '../../src/layers/LSTM';
import { CrossEntropyLoss } from '../../src/losses/CrossEntropyLoss';
import { gradCheck } from '../../src/model/gradCheck';
import { Sequential } from '../../src/model/Sequential';
import { Adam } from '../../src/optim/Adam';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

/** Embedding → LSTM (every step) → Linear on every step → cross-entropy with padding ignored. */
function languageModel(dtype: 'float32' | 'float64' = 'float32'): Sequential {
  const rng = createRng(3);
  return new Sequential([
    new Embedding(6, 4, { paddingIdx: 0, rng, dtype }),
    new LSTM(4, 8, { returnSequences: true, rng, dtype }),
    new Linear(8, 6, { rng, dtype }),
  ]);
}

/** Sequences 1 2 3 4 5 1 2 … of random phase and length, padded with 0; targets: the next token (−100 on padding). */
function data(count: number): { x: Tensor; y: Tensor } {
  const rng = createRng(9);
  const time = 6;
  const x = Tensor.zeros([count, time]);
  const y = Tensor.full([count, time], -100);
  for (let i = 0; i < count; i++) {
    const start = Math.floor(rng.next() * 5);
    const length = 3 + Math.floor(rng.next() * 4);
    for (let t = 0; t < length; t++) {
      x.set(1 + ((start + t) % 5), i, t);
      y.set(1 + ((start + t + 1) % 5), i, t);
    }
  }
  return { x, y };
}

describe('sequence layers in a model file', () => {
  it('save and load with their weights (toJSON → fromJSON gives the same outputs)', () => {
    const rng = createRng(4);
    const model = new Sequential([
      new Embedding(5, 4, { rng }),
      new PositionalEmbedding(6, 4, { rng }),
      new MultiHeadAttention(4, 2, { causal: true, rng }),
      new Bidirectional(new LSTM(4, 3, { returnSequences: true, rng }), { rng }),
      new GRU(6, 3, { returnSequences: true, resetAfter: false, rng }),
      new SimpleRNN(3, 3, { returnSequences: true, activation: 'relu', rng }),
      new GlobalMaxPool1D(),
      new Linear(3, 2, { rng }),
    ]);
    const copy = Sequential.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const x = Tensor.from([[1, 2, 3], [4, 0, 1]]);
    expect(Array.from(copy.forward(x).data)).toEqual(Array.from(model.forward(x).data));
    expect(copy.paramGrads().map((p) => p.name)).toContain('3.backward.recurrentKernel');
  });
});

describe('a sequence model (Embedding → LSTM → Linear per step → CrossEntropyLoss with ignoreIndex)', () => {
  it('has correct parameter gradients through the whole stack (the index input is not perturbed)', () => {
    const model = languageModel('float64');
    const { x, y } = data(3);
    const result = gradCheck(model, x, { loss: new CrossEntropyLoss({ ignoreIndex: -100 }), target: y });
    expect(Object.keys(result.errors)).toEqual(model.paramGrads().map((p) => p.name));
    expect(result.maxRelError).toBeLessThan(1e-6);
  });

  it('learns to predict the next token, with accuracy counted per unpadded position', () => {
    const model = languageModel();
    const { x, y } = data(64);
    const loss = new CrossEntropyLoss({ ignoreIndex: -100 });
    const history = model.fit(x, y, { loss, optimizer: new Adam({ lr: 0.05 }), epochs: 30, batchSize: 16, seed: 1, metrics: ['accuracy'] });
    expect(history.loss[history.loss.length - 1]).toBeLessThan(0.3 * (history.loss[0] as number));
    expect(history.accuracy![history.accuracy!.length - 1]).toBeGreaterThan(0.95);
    const result = model.evaluate(x, y, { loss, metrics: ['accuracy'] });
    expect(result.accuracy).toBeGreaterThan(0.95);
    expect(model.predict(x).shape).toEqual([64, 6, 6]);
  });
});
