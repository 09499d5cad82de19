import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../src/tensor/rng';
import { IRIS, MAIN, ROOT, ensureBuilt, kubiki, removeTempDirs, tempDir, writeIn } from './runCli';

/*
 * `kubiki train --resume`: a run killed with SIGKILL at random moments, several times, and resumed
 * each time ends with the model and history files byte-identical to an uninterrupted run with the
 * same seed. The model has Dropout (a random generator to restore), Adam (moments), a step schedule,
 * shuffling, a validation split and early stopping with restoreBest (a snapshot of weights).
 */

function config(dir: string): Record<string, unknown> {
  return {
    model: {
      inputShape: [4],
      layers: [{ type: 'Linear', outputSize: 16 }, { type: 'ReLU' }, { type: 'Dropout', p: 0.2 }, { type: 'Linear', outputSize: 3 }],
    },
    loss: { type: 'CrossEntropyLoss' },
    optimizer: { type: 'Adam', lr: 0.01 },
    schedule: { type: 'step', stepSize: 20, gamma: 0.5 },
    data: { train: IRIS, label: 'species', validationSplit: 0.2, normalize: 'standard' },
    training: {
      epochs: 80,
      batchSize: 16,
      seed: 3,
      earlyStopping: { patience: 1000, restoreBest: true },
      checkpoint: { path: join(dir, 'ckpt.kubiki.json'), every: 1 },
    },
    output: { model: join(dir, 'model.kubiki.json'), history: join(dir, 'history.csv') },
  };
}

function checkpointEpoch(dir: string): number {
  try {
    return (JSON.parse(readFileSync(join(dir, 'ckpt.kubiki.json'), 'utf8')) as { fit: { epoch: number } }).fit.epoch;
  } catch {
    return 0; // none yet (the rename makes a half-written checkpoint impossible)
  }
}

/**
 * Runs `kubiki train --resume` and kills it with SIGKILL `delay` ms after its checkpoint reached
 * `epoch` (epoch 0: `delay` ms after the start); resolves with the exit code (null when killed).
 * Waiting for a checkpoint rather than a time puts the kills inside training whatever the machine's
 * load, and the random extra delay puts them anywhere in an epoch, a checkpoint write included.
 */
function runAndKill(dir: string, configFile: string, epoch: number, delay: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'train', '--config', configFile, '--resume', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer === undefined && checkpointEpoch(dir) >= epoch) timer = setTimeout(() => child.kill('SIGKILL'), delay);
    }, 10);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('kubiki train --resume after kill -9', () => {
  afterAll(removeTempDirs);
  beforeAll(() => ensureBuilt(), 120_000);

  it('ends with a model file byte-identical to an uninterrupted run, however often it was killed', async () => {
    const straightDir = tempDir();
    const started = Date.now();
    const straight = kubiki('train', '--config', writeIn(straightDir, 'c.json', config(straightDir)), '--quiet');
    const duration = Date.now() - started;
    expect(straight.code).toBe(0);

    const dir = tempDir();
    const configFile = writeIn(dir, 'c.json', config(dir));
    const rng = createRng(13);
    // The first kill comes before any checkpoint can exist; the others after random epochs, at a random moment.
    const targets = [0, ...Array.from({ length: 4 }, () => 1 + rng.int(60)).sort((a, b) => a - b)];
    const epochsAtKill: number[] = [];
    for (const target of targets) {
      const code = await runAndKill(dir, configFile, target, target === 0 ? 50 : rng.int(40));
      expect(code).toBeNull(); // killed, not finished or failed
      epochsAtKill.push(checkpointEpoch(dir));
    }
    expect(await runAndKill(dir, configFile, 1e9, 0)).toBe(0);

    expect(epochsAtKill[0]).toBe(0);
    expect(new Set(epochsAtKill).size).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join(dir, 'model.kubiki.json'))).toEqual(readFileSync(join(straightDir, 'model.kubiki.json')));
    expect(readFileSync(join(dir, 'history.csv'))).toEqual(readFileSync(join(straightDir, 'history.csv')));
    // The log of the test: at which epochs the kills landed (visible with --verbose).
    console.log(`killed at checkpoint epochs ${epochsAtKill.join(', ')} of 80 (uninterrupted run: ${duration} ms)`);
  }, 300_000);

  it('refuses a checkpoint made with another model', () => {
    const dir = tempDir();
    const first = config(dir);
    (first.training as { epochs: number }).epochs = 2;
    expect(kubiki('train', '--config', writeIn(dir, 'c.json', first), '--quiet').code).toBe(0);
    const changed = config(dir);
    (changed.model as { layers: { outputSize?: number }[] }).layers[0] = { type: 'Linear', outputSize: 8 } as never;
    const result = kubiki('train', '--config', writeIn(dir, 'c2.json', changed), '--quiet', '--resume');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the checkpoint holds another model than');
  });
});
