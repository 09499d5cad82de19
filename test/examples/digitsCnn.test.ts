import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { trainAndTest } from '../helpers/trainConfig';
import { ROOT, ensureBuilt, kubiki, removeTempDirs, tempDir, writeIn } from '../cli/runCli';

/*
 * examples/digits-cnn/model.json trained through the library alone, step for step what
 * `kubiki train` does with it: the fixed 80/20 split of the digits images (digits-train.csv /
 * digits-test.csv), the config's validation split, normalisation, layers, loss, optimizer,
 * schedule and training settings, all seeded by training.seed.
 */
describe('examples/digits-cnn', () => {
  const config = loadConfig(join(__dirname, '..', '..', 'examples', 'digits-cnn', 'model.json'));

  it('is the network of issue 5, with channels and sizes inferred from the 64 pixels', () => {
    expect(config.model.layers.map((layer) => layer.type)).toEqual([
      'Reshape', 'Conv2D', 'BatchNorm2D', 'ReLU', 'MaxPool2D', 'Conv2D', 'ReLU', 'Flatten', 'Linear',
    ]);
    expect(config.model.shapes.map((shape) => shape.slice(1))).toEqual([
      [1, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 4, 4], [32, 4, 4], [32, 4, 4], [512], [10],
    ]);
  });

  it('reaches ≥ 0.98 accuracy on digits-test.csv with its fixed seed', () => {
    const result = trainAndTest(config);
    expect(result.testRows).toBe(359);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(result.loss).toBeLessThan(0.1);
  });

  describe('with the built CLI', () => {
    beforeAll(ensureBuilt, 120_000);
    afterAll(removeTempDirs);

    it('trains (one epoch here), saves the BatchNorm statistics, and evaluate reads them back', () => {
      const dir = tempDir();
      const source = join(ROOT, 'examples', 'digits-cnn');
      const json = JSON.parse(readFileSync(join(source, 'model.json'), 'utf8'));
      json.data.train = join(source, json.data.train);
      json.data.test = join(source, json.data.test);
      json.output = { model: join(dir, 'model.kubiki.json'), history: join(dir, 'history.csv') };
      const trained = kubiki('train', '--config', writeIn(dir, 'model.json', json), '--epochs', '1');
      expect(trained.stderr).toBe('');
      expect(trained.code).toBe(0);
      const test = /Test \(359 rows\): loss: ([\d.]+) - accuracy: ([\d.]+)/.exec(trained.stdout);
      expect(Number(test?.[2])).toBeGreaterThan(0.8);
      const saved = JSON.parse(readFileSync(join(dir, 'model.kubiki.json'), 'utf8'));
      expect(saved.buffers.map((b: { name: string }) => b.name)).toEqual(['2.runningMean', '2.runningVar']);
      const evaluated = kubiki('evaluate', '--model', join(dir, 'model.kubiki.json'), '--data', json.data.test);
      expect(evaluated.code).toBe(0);
      expect(evaluated.stdout).toContain(`loss (CrossEntropyLoss): ${test?.[1]}`);
      expect(evaluated.stdout).toContain(`accuracy: ${test?.[2]}`);
    });
  });
});
