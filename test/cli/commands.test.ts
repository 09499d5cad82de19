import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IRIS, ensureBuilt, removeTempDirs, filesIn, kubiki, smallConfig, tempDir, writeIn } from './runCli';

describe('kubiki commands', () => {
  let dir = '';
  let config = '';

  afterAll(removeTempDirs);
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir();
    config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
  }, 120_000);

  it('--help lists the commands', () => {
    const help = kubiki('--help');
    expect(help.code).toBe(0);
    for (const command of ['train', 'evaluate', 'predict', 'summary', 'gradcheck']) expect(help.stdout).toContain(command);
  });

  it('train prints one line per epoch when stdout is not a terminal, and writes the model and the history', () => {
    const result = kubiki('train', '--config', config, '--epochs', '3', '--seed', '5');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const epochs = result.stdout.split('\n').filter((line) => line.startsWith('Epoch '));
    expect(epochs).toHaveLength(3);
    expect(epochs[2]).toMatch(/^Epoch 3\/3 - [\d.]+s - loss: [\d.]+ - accuracy: [\d.]+ - valLoss: [\d.]+ - valAccuracy: [\d.]+ - lr: 0\.01$/);
    expect(filesIn(join(dir, 'out'))).toEqual(['history.csv', 'model.kubiki.json']);
    expect(readFileSync(join(dir, 'out', 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    const quiet = kubiki('train', '--config', config, '--epochs', '1', '--quiet', '--output', join(dir, 'quiet.kubiki.json'));
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^Final \(epoch 1\): loss: [\d.]+ - accuracy: [\d.]+ - valLoss: [\d.]+ - valAccuracy: [\d.]+\n$/);
  });

  it('summary shows the layer table for a config and for a trained model', () => {
    const fromConfig = kubiki('summary', '--config', config);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout).toMatch(/0\s+Linear\s+\[batch, 8\]\s+40/);
    expect(fromConfig.stdout).toContain('Total params: 67');
    const fromModel = kubiki('summary', '--model', join(dir, 'quiet.kubiki.json'));
    expect(fromModel.code).toBe(0);
    expect(fromModel.stdout).toContain('Total params: 67');
    expect(fromModel.stdout).toContain('Classes: setosa, versicolor, virginica');
    const both = kubiki('summary', '--config', config, '--model', join(dir, 'quiet.kubiki.json'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('expected exactly one of --config <file> or --model <file>');
  });

  it('predict --output writes a CSV of class names; evaluate --json gives the confusion matrix', () => {
    const model = join(dir, 'quiet.kubiki.json');
    const output = join(dir, 'predictions', 'iris.csv');
    const predicted = kubiki('predict', '--model', model, '--data', IRIS, '--output', output);
    expect(predicted.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('species');
    expect(lines).toHaveLength(151);
    expect(new Set(lines.slice(1)).size).toBeGreaterThan(0);
    for (const line of lines.slice(1)) expect(['setosa', 'versicolor', 'virginica']).toContain(line);
    const report = JSON.parse(kubiki('evaluate', '--model', model, '--data', IRIS, '--json').stdout);
    expect(report.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(report.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(150);
    expect(report.support).toEqual([50, 50, 50]);
    expect(report.accuracy).toBeCloseTo(report.confusionMatrix.reduce((a: number, row: number[], i: number) => a + row[i]!, 0) / 150, 12);
  });

  it('gradcheck passes for a correct model and exits 1 when the tolerance cannot be met', () => {
    const ok = kubiki('gradcheck', '--config', config);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/layers\[0\] Linear\s+weight\s+[\d.e-]+\s+ok/);
    expect(ok.stdout).toContain('All 12 gradients agree');
    const strict = kubiki('gradcheck', '--config', config, '--tolerance', '1e-300');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('FAIL');
    expect(strict.stderr).toBe('error: gradcheck: 12 of 12 gradients have a relative error ≥ 1e-300\n');
  });
});
