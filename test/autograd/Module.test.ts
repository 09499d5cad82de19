import {
  Adam, BCELoss, ConfigError, CrossEntropyLoss, KubikiError, Linear, MSELoss, Module, SGD, Sequential, ShapeError, Sigmoid,
  Tensor, createRng, gradCheck, type Var,
} from '../../src';
import { expectClose, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

/** The example, verbatim: a parameter from a field initialiser. */
class Swish extends Module {
  beta = this.param('beta', Tensor.from([1]));
  call(x: Var): Var {
    return x.mul(x.mul(this.beta).sigmoid());
  }
}

/** Linear as a Module: y = x·W + b, initialised from the same generator as the built-in one. */
class DenseModule extends Module {
  weight: Var;
  bias: Var;
  constructor(like: Linear) {
    super({ inputSize: like.inputSize, outputSize: like.outputSize }, { type: 'Dense' });
    this.weight = this.param('weight', like.weight.value.clone());
    this.bias = this.param('bias', like.bias!.value.clone());
  }
  call(x: Var): Var {
    return x.matmul(this.weight).add(this.bias);
  }
}

const XOR_X = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
const XOR_Y = Tensor.from([[0], [1], [1], [0]]);

describe('Module', () => {
  test('Swish: forward is x·σ(βx) and its params are ["beta"]', () => {
    const swish = new Swish();
    swish.paramGrads()[0]!.value.data[0] = 1.5;
    const x = randomTensor([3, 4], 1);
    const expected = Array.from(x.data, (u) => u / (1 + Math.exp(-1.5 * u)));
    expectClose(swish.forward(x), Tensor.from(expected, [3, 4], 'float64'), 1e-12);
    expect(swish.paramGrads().map((p) => p.name)).toEqual(['beta']);
    expect(swish.name).toBe('Swish');
  });

  test('float64 gradient check of the input and beta, alone and inside a Sequential', () => {
    expectGradientsCorrect(new Swish(), randomTensor([3, 4], 2));
    const rng = createRng(3);
    const model = new Sequential([new Linear(4, 5, { rng }), new Swish(), new Linear(5, 2, { rng })]);
    const result = gradCheck(model, randomTensor([3, 4], 4));
    expect(Object.keys(result.errors)).toEqual(['input', '0.weight', '0.bias', '1.beta', '2.weight', '2.bias']);
    expect(result.maxRelError).toBeLessThan(1e-6);
  });

  test('parameters are listed in declaration order; toConfig is { type, ...config }', () => {
    class Two extends Module {
      b = this.param('b', Tensor.zeros([2]));
      a = this.param('a', Tensor.ones([3]));
      constructor(readonly size = 2) {
        super({ size });
      }
      call(x: Var): Var {
        return x.mul(this.b).sum(-1, true).add(this.a.sum());
      }
    }
    const two = new Two();
    expect(two.paramGrads().map((p) => [p.name, p.value.shape])).toEqual([['b', [2]], ['a', [3]]]);
    expect(two.toConfig()).toEqual({ type: 'Two', size: 2 });
    expect(new DenseModule(new Linear(3, 2)).toConfig()).toEqual({ type: 'Dense', inputSize: 3, outputSize: 2 });
    expect(new DenseModule(new Linear(3, 2)).name).toBe('Dense');
  });

  test('outputShape traces call with a batch of 1 and gives the batch back', () => {
    expect(new Swish().outputShape([7, 3, 2])).toEqual([7, 3, 2]);
    expect(new DenseModule(new Linear(3, 2)).outputShape([5, 3])).toEqual([5, 2]);
    class Pool extends Module {
      call(x: Var): Var {
        return x.mean(-1);
      }
    }
    expect(new Pool().outputShape([4, 6, 5])).toEqual([4, 6]);
    expect(() => new DenseModule(new Linear(3, 2)).outputShape([5, 4])).toThrow(ShapeError);
  });

  test('inside fit it trains exactly like the built-in Linear it copies (float32, SGD with momentum)', () => {
    const rng = createRng(5);
    const builtIn = [new Linear(2, 8, { rng }), new Linear(8, 1, { rng })];
    const copies = builtIn.map((layer) => new DenseModule(layer));
    const a = new Sequential([builtIn[0]!, new Swish(), builtIn[1]!, new Sigmoid()]);
    const b = new Sequential([copies[0]!, new Swish(), copies[1]!, new Sigmoid()]);
    const options = { loss: new BCELoss(), optimizer: new SGD({ lr: 0.5, momentum: 0.9 }), epochs: 20, batchSize: 2, seed: 0 };
    const ha = a.fit(XOR_X, XOR_Y, options);
    const hb = b.fit(XOR_X, XOR_Y, { ...options, loss: new BCELoss(), optimizer: new SGD({ lr: 0.5, momentum: 0.9 }) });
    expectClose(Tensor.from(hb.loss), Tensor.from(ha.loss), 1e-5);
    a.paramGrads().forEach((p, i) => expectClose(b.paramGrads()[i]!.value, p.value, 1e-5));
  });

  test('a Swish MLP learns XOR with Adam; predict and evaluate work on it', () => {
    const rng = createRng(1);
    const model = new Sequential([new Linear(2, 8, { rng }), new Swish(), new Linear(8, 1, { rng }), new Sigmoid()]);
    const history = model.fit(XOR_X, XOR_Y, {
      loss: new BCELoss(), optimizer: new Adam({ lr: 0.05 }), epochs: 300, batchSize: 4, seed: 0, metrics: ['accuracy'],
    });
    expect(history.loss.at(-1)).toBeLessThan(history.loss[0]! / 10);
    expect(history.accuracy!.at(-1)).toBe(1);
    expect(Array.from(model.predict(XOR_X).data).map((v) => (v > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    expect(model.paramGrads()[2]!.name).toBe('1.beta');
    expect(model.paramGrads()[2]!.value.data[0]).not.toBe(1); // beta was trained
  });

  test('backwardParams adds the same parameter gradients as backward', () => {
    const layer = new DenseModule(new Linear(3, 4, { rng: createRng(6) }));
    const x = randomTensor([5, 3], 7).astype('float32');
    const g = randomTensor([5, 4], 8).astype('float32');
    layer.forward(x);
    layer.backward(g);
    const full = layer.paramGrads().map((p) => p.grad.clone());
    layer.paramGrads().forEach((p) => p.grad.data.fill(0));
    layer.forward(x);
    layer.backwardParams(g);
    layer.paramGrads().forEach((p, i) => expectClose(p.grad, full[i]!, 1e-6));
  });

  test('a classifier head written as a Module trains with CrossEntropyLoss to the same loss as Linear', () => {
    const rng = createRng(9);
    const x = Tensor.uniform([32, 4], -1, 1, rng);
    const y = Tensor.from(Array.from({ length: 32 }, (_, i) => i % 3));
    const linear = new Linear(4, 3, { rng });
    const options = { loss: new CrossEntropyLoss(), epochs: 5, batchSize: 8, seed: 1 };
    const ha = new Sequential([new DenseModule(linear)]).fit(x, y, { ...options, optimizer: new Adam({ lr: 0.01 }) });
    const hb = new Sequential([linear]).fit(x, y, { ...options, optimizer: new Adam({ lr: 0.01 }) });
    expectClose(Tensor.from(ha.loss), Tensor.from(hb.loss), 1e-5);
  });

  test('errors: backward first, twice after one forward, a bad gradient, call returning no Var, duplicate param', () => {
    const swish = new Swish();
    expect(() => swish.backward(Tensor.zeros([1]))).toThrow(
      'Swish.backward: called before forward, or twice after one forward; run forward(x) first',
    );
    swish.forward(Tensor.zeros([2, 3]));
    expect(() => swish.backward(Tensor.zeros([3, 2]))).toThrow('Swish.backward: expected gradOut of shape [2, 3], got [3, 2]');
    swish.forward(Tensor.zeros([2, 3]));
    swish.backward(Tensor.zeros([2, 3]));
    expect(() => swish.backward(Tensor.zeros([2, 3]))).toThrow(ShapeError);
    class Broken extends Module {
      call(): Var {
        return undefined as unknown as Var;
      }
    }
    expect(() => new Broken().forward(Tensor.zeros([1]))).toThrow(new KubikiError('Broken.call: expected to return a Var, got nothing'));
    class Twice extends Module {
      a = this.param('w', Tensor.zeros([1]));
      b = this.param('w', Tensor.zeros([1]));
      call(x: Var): Var {
        return x;
      }
    }
    expect(() => new Twice()).toThrow(new ConfigError('Twice.param: expected a new, non-empty name without ".", got "w"'));
  });

  test('a Module that ignores its input returns a zero input gradient', () => {
    class Constant extends Module {
      c = this.param('c', Tensor.from([2]));
      call(x: Var): Var {
        return this.c.mul(Tensor.ones([x.shape[0] as number, 1]));
      }
    }
    const layer = new Constant();
    layer.forward(Tensor.ones([3, 2]));
    expectClose(layer.backward(Tensor.ones([3, 1])), Tensor.zeros([3, 2]));
    expectClose(layer.paramGrads()[0]!.grad, [3]);
  });
});

describe('Module buffers', () => {
  test('outside fit every forward returns a fresh tensor; inside fit the ops reuse theirs', () => {
    const swish = new Swish();
    const x = Tensor.ones([2, 3]);
    const first = swish.forward(x);
    const second = swish.forward(x);
    expect(second).not.toBe(first);
    expect(first.data).not.toBe(second.data);

    const model = new Sequential([new Swish()]);
    // Two epochs of one full batch each: the Module's output is the same buffer both times.
    const seen: unknown[] = [];
    const spy = new (class extends MSELoss {
      override forward(prediction: Tensor, target: Tensor): number {
        seen.push(prediction.data);
        return super.forward(prediction, target);
      }
    })();
    model.fit(Tensor.ones([4, 3]), Tensor.full([4, 3], 0.5), { loss: spy, optimizer: new SGD({ lr: 0.1 }), epochs: 2, batchSize: 4 });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe('Module sublayers', () => {
  /** A residual block from a built-in Linear, a child Module and a parameter. */
  class Block extends Module {
    proj = this.module('proj', new Linear(4, 4, { rng: createRng(11) }));
    act = this.module('act', new Swish());
    scale = this.param('scale', Tensor.from([0.5]));
    call(x: Var): Var {
      return x.add(this.act(this.proj(x)).mul(this.scale));
    }
  }

  test('params are listed as name.param in declaration order; gradients pass the float64 check', () => {
    const block = new Block();
    expect(block.paramGrads().map((p) => p.name)).toEqual(['proj.weight', 'proj.bias', 'act.beta', 'scale']);
    expectGradientsCorrect(block, randomTensor([3, 4], 12));
    const model = new Sequential([new Block(), new Linear(4, 2, { rng: createRng(13) })]);
    expect(gradCheck(model, randomTensor([2, 4], 14)).maxRelError).toBeLessThan(1e-6);
  });

  test('forward equals the same computation with the layers called by hand', () => {
    const block = new Block();
    const x = randomTensor([3, 4], 15).astype('float32');
    const linear = new Linear(4, 4, { rng: createRng(11) });
    const swish = new Swish();
    swish.paramGrads()[0]!.value.data[0] = 1;
    const h = swish.forward(linear.forward(x));
    const expected = Tensor.from(Array.from(x.data, (v, i) => v + 0.5 * (h.data[i] as number)), [3, 4]);
    expectClose(block.forward(x), expected, 1e-6);
  });

  test('train()/eval() reach the sublayers; a built-in layer called twice in one forward is refused', () => {
    const block = new Block();
    new Sequential([block]).eval();
    expect(block.training).toBe(false);
    class Twice extends Module {
      linear = this.module('linear', new Linear(2, 2));
      call(x: Var): Var {
        return this.linear(this.linear(x));
      }
    }
    expect(() => new Twice().forward(Tensor.zeros([1, 2]))).toThrow(
      'Twice.linear: a Linear layer keeps one forward for its backward, so call it once per forward (or write it as a Module)',
    );
  });

  test('a built-in layer with parameters on a constant input still gets its gradients; trains in fit', () => {
    class Head extends Module {
      linear = this.module('linear', new Linear(2, 1, { rng: createRng(16) }));
      call(x: Var): Var {
        return this.linear(x.detach()).sigmoid();
      }
    }
    const model = new Sequential([new Head()]);
    const before = model.paramGrads()[0]!.value.clone();
    model.fit(XOR_X, Tensor.from([[0], [1], [1], [1]]), { loss: new BCELoss(), optimizer: new SGD({ lr: 0.5 }), epochs: 5, batchSize: 4 });
    expect(Array.from(model.paramGrads()[0]!.value.data)).not.toEqual(Array.from(before.data));
  });
});

describe('Module dtype', () => {
  test('a float64 input promotes float32 parameters, so their gradients are float64 exact', () => {
    const swish = new Swish(); // beta declared as float32
    const x = Tensor.from([[0.3, -1.1]], undefined, 'float64');
    swish.forward(x);
    swish.backward(Tensor.from([[1, 1]], undefined, 'float64'));
    const beta = swish.paramGrads()[0]!;
    expect(beta.value.dtype).toBe('float64');
    expect(beta.grad.dtype).toBe('float64');
    // d/dβ Σ x·σ(βx) = Σ x²·σ(βx)(1 − σ(βx)) at β = 1
    const expected = [0.3, -1.1].reduce((s, u) => {
      const sig = 1 / (1 + Math.exp(-u));
      return s + u * u * sig * (1 - sig);
    }, 0);
    expect(Math.abs((beta.grad.data[0] as number) - expected)).toBeLessThan(1e-15);
  });
});
