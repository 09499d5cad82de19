import { SingleBar } from 'cli-progress';
import type { BatchLogs, EpochLogs } from '../src';
import { fmt } from './format';

/** Where training reports to: a live bar on a terminal, one line per epoch elsewhere, or nothing. */
export interface Progress {
  epochBegin(epoch: number, batches: number): void;
  batchEnd(logs: BatchLogs): void;
  epochEnd(epoch: number, logs: EpochLogs): void;
  stop(): void;
}

/** "Epoch 3/30 - 0.4s - loss: 0.1234 - accuracy: 0.9600 - valLoss: … - lr: 0.1" (Keras verbose=2). */
export function epochLine(epoch: number, epochs: number, seconds: number, logs: EpochLogs): string {
  const parts = [`Epoch ${epoch + 1}/${epochs}`, `${seconds.toFixed(1)}s`, `loss: ${fmt(logs.loss)}`];
  if (logs.accuracy !== undefined) parts.push(`accuracy: ${fmt(logs.accuracy)}`);
  if (logs.valLoss !== undefined) parts.push(`valLoss: ${fmt(logs.valLoss)}`);
  if (logs.valAccuracy !== undefined) parts.push(`valAccuracy: ${fmt(logs.valAccuracy)}`);
  parts.push(`lr: ${Number(logs.lr.toPrecision(6))}`);
  return parts.join(' - ');
}

export function createProgress(epochs: number, mode: 'bar' | 'lines' | 'quiet'): Progress {
  let started = Date.now();
  let bar: SingleBar | undefined;
  return {
    epochBegin(epoch, batches) {
      started = Date.now();
      if (mode !== 'bar') return;
      bar = new SingleBar({
        format: `Epoch ${epoch + 1}/${epochs} [{bar}] {value}/{total} | ETA: {eta}s | loss: {loss}{accuracy}`,
        stream: process.stdout,
        barsize: 30,
        clearOnComplete: true,
        hideCursor: true,
        fps: 10,
      });
      bar.start(batches, 0, { loss: '-', accuracy: '' });
    },
    batchEnd(logs) {
      bar?.update(logs.batch + 1, {
        loss: fmt(logs.loss),
        accuracy: logs.accuracy === undefined ? '' : ` - accuracy: ${fmt(logs.accuracy)}`,
      });
    },
    epochEnd(epoch, logs) {
      bar?.stop();
      bar = undefined;
      if (mode !== 'quiet') process.stdout.write(`${epochLine(epoch, epochs, (Date.now() - started) / 1000, logs)}\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
