import {
  BCEWithLogitsLoss, Linear, LossModule, MSELoss, SGD, Sequential, ShapeError, Tanh, Tensor, Var, buildLoss,
  createRng, gradCheck, registerLoss,
} from '../../src';
import { expectClose, randomTensor } from '../helpers/layerChecks';

/** Binary focal loss on logits (Lin et al. 2017): mean of −α_t (1 − p_t)^γ log p_t, p = σ(x). */
class Focal extends LossModule {
  constructor(readonly alpha = 0.25, readonly gamma = 2) {
    super({ alpha, gamma });
  }
  call(prediction: Var, target: Tensor): Var {
    const p = prediction.sigmoid();
    const notTarget = new Var(target).neg().add(1);
    const pt = p.mul(target).add(p.neg().add(1).mul(notTarget));
    const alphaT = new Var(target).mul(this.alpha).add(notTarget.mul(1 - this.alpha));
    return pt.neg().add(1).pow(this.gamma).mul(pt.log()).mul(alphaT).neg().mean();
  }
}

/** MSE written as a LossModule, to compare with the hand-written MSELoss. */
class SquaredError extends LossModule {
  call(prediction: Var, target: Tensor): Var {
    return prediction.sub(target).pow(2).mean();
  }
}

describe('LossModule', () => {
  const logits = Tensor.from([[0.3], [-1.2], [2.0], [-0.4]], undefined, 'float64');
  const labels = Tensor.from([[1], [0], [1], [1]], undefined, 'float64');

  test('Focal: forward against the formula written out', () => {
    const expected = [0, 1, 2, 3].reduce((total, i) => {
      const p = 1 / (1 + Math.exp(-(logits.data[i] as number)));
      const y = labels.data[i] as number;
      const pt = y === 1 ? p : 1 - p;
      const alphaT = y === 1 ? 0.25 : 0.75;
      return total - alphaT * (1 - pt) ** 2 * Math.log(pt);
    }, 0) / 4;
    expect(new Focal().forward(logits, labels)).toBeCloseTo(expected, 14);
    expect(new Focal().toConfig()).toEqual({ type: 'Focal', alpha: 0.25, gamma: 2 });
    expect(new Focal().name).toBe('Focal');
  });

  test('Focal: its backward passes the float64 gradient check through a layer', () => {
    const layer = new Linear(3, 1, { rng: createRng(1) });
    const result = gradCheck(layer, randomTensor([4, 3], 2), { loss: new Focal(), target: labels });
    expect(result.maxRelError).toBeLessThan(1e-6);
  });

  test('the same loss written with ops equals MSELoss: value, gradient, and training with fit', () => {
    const p = randomTensor([5, 2], 3);
    const t = randomTensor([5, 2], 4);
    const builtIn = new MSELoss();
    const custom = new SquaredError();
    expect(custom.forward(p, t)).toBeCloseTo(builtIn.forward(p, t), 14);
    expectClose(custom.backward(), builtIn.backward(), 1e-14);
    expect(custom.backward()).toBe(custom.backward()); // a second call returns the same gradient

    const make = (): Sequential => {
      const rng = createRng(5);
      return new Sequential([new Linear(2, 6, { rng }), new Tanh(), new Linear(6, 2, { rng })]);
    };
    const x = Tensor.uniform([16, 2], -1, 1, createRng(6));
    const y = Tensor.uniform([16, 2], -1, 1, createRng(7));
    const options = { epochs: 5, batchSize: 4, seed: 0, validationSplit: 0.25 };
    const a = make().fit(x, y, { ...options, loss: new SquaredError(), optimizer: new SGD({ lr: 0.1 }) });
    const b = make().fit(x, y, { ...options, loss: new MSELoss(), optimizer: new SGD({ lr: 0.1 }) });
    expectClose(Tensor.from(a.loss), Tensor.from(b.loss), 1e-6);
    expectClose(Tensor.from(a.valLoss!), Tensor.from(b.valLoss!), 1e-6);
    const model = make();
    expect(model.evaluate(x, y, { loss: new SquaredError() }).loss).toBeCloseTo(model.evaluate(x, y, { loss: new MSELoss() }).loss, 6);
  });

  test('errors: a loss that is not one value, backward before forward', () => {
    class PerRow extends LossModule {
      call(prediction: Var): Var {
        return prediction.sum(1);
      }
    }
    expect(() => new PerRow().forward(Tensor.zeros([3, 2]), Tensor.zeros([3, 2]))).toThrow(
      new ShapeError('PerRow.call: expected a loss with one value, got shape [3]; reduce it with .mean() or .sum()'),
    );
    expect(() => new Focal().backward()).toThrow('Focal.backward: called before forward; run forward(prediction, target) first');
  });
});

describe('LossModule as a Loss (output, targets, registerLoss)', () => {
  /** BCE on logits written with ops; says its prediction is logits, so accuracy thresholds at 0. */
  class LogitBCE extends LossModule {
    override readonly output = 'logits';
    call(prediction: Var, target: Tensor): Var {
      // max(x, 0) − x·y + log(1 + e^−|x|)
      return prediction.relu().sub(prediction.mul(target)).add(prediction.abs().neg().exp().add(1).log()).mean();
    }
  }

  test('defaults to values/values; a subclass declares logits and fit reports accuracy like BCEWithLogitsLoss', () => {
    expect(new SquaredError().output).toBe('values');
    expect(new SquaredError().targets).toBe('values');
    const loss = new LogitBCE();
    expect(loss.output).toBe('logits');
    const x = Tensor.from([[-2], [0.5], [3], [-0.1]]);
    const y = Tensor.from([[0], [0], [1], [1]]);
    const identity = new Linear(1, 1);
    identity.weight.value.data[0] = 1;
    identity.bias!.value.data[0] = 0;
    const model = new Sequential([identity]);
    expect(model.evaluate(x, y, { loss, metrics: ['accuracy'] }).accuracy).toBe(0.5);
    expect(model.evaluate(x, y, { loss, metrics: ['accuracy'] }).loss).toBeCloseTo(
      model.evaluate(x, y, { loss: new BCEWithLogitsLoss() }).loss, 6,
    );
  });

  test('registerLoss rebuilds it from toConfig()', () => {
    // The registry is per test file (jest loads the modules afresh for each).
    registerLoss('Focal', (config) => new Focal(config.alpha as number, config.gamma as number));
    const rebuilt = buildLoss(new Focal(0.5, 3).toConfig());
    expect(rebuilt).toBeInstanceOf(Focal);
    expect(rebuilt.toConfig()).toEqual({ type: 'Focal', alpha: 0.5, gamma: 3 });
  });
});
