import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Residual } from '../../src/containers/Residual';
import { applyNormalizer, fitNormalizer, loadCsv, splitIndices, takeRows } from '../../src/data';
import { buildLayer } from '../../src/layers/buildLayer';
import { buildLoss } from '../../src/losses/buildLoss';
import { Sequential } from '../../src/model/Sequential';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { buildSchedule } from '../../src/optim/schedules';
import { createRng } from '../../src/tensor/rng';
import type { Tensor } from '../../src/tensor/Tensor';

/*
 * examples/digits-resnet/model.json trained through the library alone, as `kubiki train` does: a
 * stem convolution, an identity residual block, max pooling, a residual block whose 1×1
 * convolution shortcut doubles the channels, global average pooling and a Linear head.
 */
describe('examples/digits-resnet', () => {
  const config = loadConfig(join(__dirname, '..', '..', 'examples', 'digits-resnet', 'model.json'));

  it('is a residual CNN with sizes inferred inside the blocks', () => {
    expect(config.model.layers.map((layer) => layer.type)).toEqual([
      'Reshape', 'Conv2D', 'BatchNorm2D', 'ReLU', 'Residual', 'ReLU', 'MaxPool2D', 'Residual', 'ReLU', 'GlobalAvgPool2D', 'Linear',
    ]);
    expect(config.model.shapes.map((shape) => shape.slice(1))).toEqual([
      [1, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 4, 4], [32, 4, 4], [32, 4, 4], [32], [10],
    ]);
    const model = new Sequential(config.model.layers.map((layer) => buildLayer(layer, createRng(0))));
    const down = model.layers[7] as Residual;
    expect(down.shortcut?.toConfig().type).toBe('Sequential');
    expect(model.paramGrads().map((p) => p.name)).toContain('7.shortcut.0.weight');
  });

  it('reaches ≥ 0.985 accuracy on digits-test.csv with its fixed seed', () => {
    const { data, training } = config;
    const all = loadCsv(data.train as string, { label: data.label });
    const test = loadCsv(data.test as string, { label: data.label });
    const split = splitIndices(all.x.shape[0] as number, data.validationSplit, training.seed);
    const trainX = takeRows(all.x, split.train);
    const normalizer = fitNormalizer(data.normalize, trainX);

    const rng = createRng(training.seed);
    const model = new Sequential(config.model.layers.map((layer) => buildLayer(layer, rng)));
    const loss = buildLoss(config.loss);
    model.fit(applyNormalizer(normalizer, trainX), takeRows(all.y as Tensor, split.train), {
      loss,
      optimizer: buildOptimizer(config.optimizer),
      schedule: config.schedule === undefined ? undefined : buildSchedule(config.schedule),
      epochs: training.epochs,
      batchSize: training.batchSize,
      shuffle: training.shuffle,
      seed: training.seed,
    });
    const result = model.evaluate(applyNormalizer(normalizer, test.x), test.y as Tensor, { loss, metrics: ['accuracy'] });
    expect(test.x.shape[0]).toBe(359);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.985);
  }, 300_000);
});
