import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { applyNormalizer, fitNormalizer } from '../../src/data';
import { buildLayer } from '../../src/layers/buildLayer';
import { buildLoss } from '../../src/losses/buildLoss';
import { Sequential } from '../../src/model/Sequential';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { buildSchedule } from '../../src/optim/schedules';
import { createRng } from '../../src/tensor/rng';
import { loadDigits } from '../helpers/digits';

/*
 * examples/digits-cnn/model.json trained through the library (no CLI): the config's layers, loss,
 * optimizer, schedule, normalisation and training settings, on the fixed 80/20 split of the
 * digits images (test/helpers/digits.ts).
 */
describe('examples/digits-cnn', () => {
  const config = loadConfig(join(__dirname, '..', '..', 'examples', 'digits-cnn', 'model.json'));

  it('is the network of issue 5, with shapes inferred from the 64 pixels', () => {
    expect(config.model.layers.map((layer) => layer.type)).toEqual([
      'Reshape', 'Conv2D', 'BatchNorm2D', 'ReLU', 'MaxPool2D', 'Conv2D', 'ReLU', 'Flatten', 'Linear',
    ]);
    expect(config.model.shapes.map((shape) => shape.slice(1))).toEqual([
      [1, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 4, 4], [32, 4, 4], [32, 4, 4], [512], [10],
    ]);
  });

  it('reaches ≥ 0.98 test accuracy with a fixed seed', () => {
    const { train, test } = loadDigits();
    const { epochs, batchSize, seed } = config.training;
    const rng = createRng(seed);
    const model = new Sequential(config.model.layers.map((layer) => buildLayer(layer, rng)));
    const normalizer = fitNormalizer(config.data.normalize, train.x);
    const loss = buildLoss(config.loss);
    model.fit(applyNormalizer(normalizer, train.x), train.y, {
      loss,
      optimizer: buildOptimizer(config.optimizer),
      schedule: config.schedule === undefined ? undefined : buildSchedule(config.schedule),
      epochs,
      batchSize,
      seed,
    });
    const result = model.evaluate(applyNormalizer(normalizer, test.x), test.y, { loss, metrics: ['accuracy'] });
    expect(result.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(result.loss).toBeLessThan(0.1);
  });
});
