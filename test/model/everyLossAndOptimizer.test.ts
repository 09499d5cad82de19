import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear } from '../../src/layers/Linear';
import { buildLoss, LOSS_TYPES } from '../../src/losses/buildLoss';
import type { LossConfig, LossType } from '../../src/losses/LossConfig';
import { loadModel, saveModel } from '../../src/model/modelFile';
import { Sequential } from '../../src/model/Sequential';
import { buildOptimizer, OPTIMIZER_TYPES } from '../../src/optim/buildOptimizer';
import type { OptimizerConfig, OptimizerType } from '../../src/optim/OptimizerConfig';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

/*
 * One instance of every loss and optimizer type through the model file: saved in its metadata as
 * toConfig(), loaded, rebuilt, and compared by config and by behaviour. The records are typed over
 * LossType and OptimizerType, so a new type does not compile until it has a sample here.
 */

const LOSSES: { readonly [K in LossType]: Extract<LossConfig, { type: K }> } = {
  MSELoss: { type: 'MSELoss' },
  L1Loss: { type: 'L1Loss' },
  HuberLoss: { type: 'HuberLoss', delta: 0.5 },
  SmoothL1Loss: { type: 'SmoothL1Loss', beta: 0.25 },
  BCELoss: { type: 'BCELoss' },
  BCEWithLogitsLoss: { type: 'BCEWithLogitsLoss' },
  CrossEntropyLoss: { type: 'CrossEntropyLoss' },
  NLLLoss: { type: 'NLLLoss' },
  KLDivLoss: { type: 'KLDivLoss' },
};

const OPTIMIZERS: { readonly [K in OptimizerType]: Extract<OptimizerConfig, { type: K }> } = {
  SGD: { type: 'SGD', lr: 0.1, momentum: 0.9, nesterov: true },
  Adam: { type: 'Adam', lr: 0.01, beta1: 0.8 },
  AdamW: { type: 'AdamW', lr: 0.01, weightDecay: 0.05 },
  Adamax: { type: 'Adamax', lr: 0.02, beta2: 0.99 },
  RMSprop: { type: 'RMSprop', lr: 0.01, momentum: 0.5 },
  Adagrad: { type: 'Adagrad', lr: 0.05 },
};

/** A prediction and a target each loss accepts: probabilities, log-probabilities or labels as it says. */
function inputsFor(type: LossType): [Tensor, Tensor] {
  const loss = buildLoss(LOSSES[type]);
  const probabilities = Tensor.from([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]], undefined, 'float64');
  const prediction =
    loss.output === 'probabilities' ? probabilities
    : loss.output === 'logProbabilities' ? Tensor.from(Array.from(probabilities.data, Math.log), [2, 3], 'float64')
    : Tensor.from([[0.4, -1.2, 2], [1.1, 0.3, -0.5]], undefined, 'float64');
  const target = loss.targets === 'classes' ? Tensor.from([2, 0], undefined, 'float64') : Tensor.from([[0, 0.5, 0.5], [1, 0, 0]], undefined, 'float64');
  return [prediction, target];
}

describe('every loss and optimizer type through the model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubiki-every-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('covers every type', () => {
    expect(Object.keys(LOSSES).sort()).toEqual([...LOSS_TYPES].sort());
    expect(Object.keys(OPTIMIZERS).sort()).toEqual([...OPTIMIZER_TYPES].sort());
  });

  it.each(LOSS_TYPES)('%s: saved, loaded and rebuilt, with the same config and value', (type) => {
    const loss = buildLoss(LOSSES[type]);
    const model = new Sequential([new Linear(2, 1, { rng: createRng(0) })]);
    model.metadata.loss = loss.toConfig();
    const path = join(dir, `${type}.kubiki.json`);
    saveModel(model, path);
    const rebuilt = buildLoss(loadModel(path).metadata.loss as LossConfig);
    expect(rebuilt.toConfig()).toEqual(loss.toConfig());
    const [prediction, target] = inputsFor(type);
    expect(rebuilt.forward(prediction, target)).toBe(loss.forward(prediction, target));
    expect(Number.isFinite(loss.forward(prediction, target))).toBe(true);
  });

  it.each(OPTIMIZER_TYPES)('%s: saved, loaded and rebuilt, with the same config and steps', (type) => {
    const optimizer = buildOptimizer(OPTIMIZERS[type]);
    const model = new Sequential([new Linear(2, 1, { rng: createRng(0) })]);
    model.metadata.optimizer = optimizer.toConfig();
    const path = join(dir, `${type}.kubiki.json`);
    saveModel(model, path);
    const rebuilt = buildOptimizer(loadModel(path).metadata.optimizer as OptimizerConfig);
    expect(rebuilt.toConfig()).toEqual(optimizer.toConfig());
    const run = (opt: typeof optimizer): number[] => {
      const param = { name: 'w', value: Tensor.from([0.5, -1, 2], undefined, 'float64'), grad: Tensor.from([0.3, -0.2, 0.1], undefined, 'float64') };
      for (let i = 0; i < 3; i++) opt.step([param]);
      return Array.from(param.value.data);
    };
    expect(run(rebuilt)).toEqual(run(optimizer));
  });
});
