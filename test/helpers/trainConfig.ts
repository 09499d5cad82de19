import type { KubikiConfig } from '../../src/config';
import { applyNormalizer, fitNormalizer, loadCsv, splitIndices, takeRows } from '../../src/data';
import { buildLayer } from '../../src/layers/buildLayer';
import { buildLoss } from '../../src/losses/buildLoss';
import type { EvaluateResult } from '../../src/model/evaluate';
import { Sequential } from '../../src/model/Sequential';
import { buildOptimizer } from '../../src/optim/buildOptimizer';
import { buildSchedule } from '../../src/optim/schedules';
import { createRng } from '../../src/tensor/rng';
import type { Tensor } from '../../src/tensor/Tensor';

/**
 * A CSV classification config (data.train with data.test) trained through the library alone, step
 * for step what `kubiki train` does with it: the config's validation split, normalisation fitted
 * on the training rows, layers, loss, optimizer, schedule and training settings, all seeded by
 * training.seed; then evaluated on the test file.
 */
export function trainAndTest(config: KubikiConfig): EvaluateResult & { testRows: number } {
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
  return { ...result, testRows: test.x.shape[0] as number };
}
