/*
 * `npm run bench:lstm` (also run by `npm run bench`): training throughput in tokens/s of a
 * character-level LSTM language model on examples/words/words.txt, in kubiki (fit, wasm backend, 1
 * and 2 threads) and TensorFlow.js's cpu backend, same network, data, batch and optimizer, in one run:
 *   Embedding 28→32 → LSTM 128 (every step) → Linear 28 → CrossEntropyLoss (padding ignored), Adam
 *   lr 0.003, batch 64, 13 steps (a boundary token, then 3–12 letters, the boundary again, padding).
 * Tokens/s counts every position of a batch (64 × 13 per step), padded or not. TensorFlow.js's wasm
 * backend cannot train this model: it has no UnsortedSegmentSum kernel, which the Embedding
 * gradient needs (printed, not timed). Not a test: the numbers depend on the machine and on what
 * else runs on it; the load average is printed with them.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import {
  Adam, CrossEntropyLoss, Embedding, Linear, LSTM, Sequential, Tensor, createRng, setBackend, setThreads,
} from '../src';
import { useTf } from './tfjs';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 0.5 : 4;
const BATCH = 64;
const STEPS = 13;
const VOCAB = 28; // 0 padding, 1..26 a..z, 27 the word boundary
const BOUNDARY = 27;
const IGNORE = -100;
const EMBED = 32;
const HIDDEN = 128;
const LR = 0.003;
const WORDS = 4096;
const now = (): number => Number(process.hrtime.bigint()) / 1e9;
/** CPU seconds of this process (all its threads), user + system. */
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

interface Rate {
  /** Tokens per second of wall time. */
  rate: number;
  /** Tokens per second of this process's CPU time (less sensitive to other load on the machine). */
  perCpu: number;
  loss: number;
}

/** [words, 13] inputs (boundary, letters, padding 0) and next-token targets (−100 on padding). */
function wordData(): { x: Tensor; y: Tensor } {
  const root = join(__dirname, __dirname.includes(join('dist', 'bench')) ? '../..' : '..');
  const words = readFileSync(join(root, 'examples', 'words', 'words.txt'), 'utf8').trim().split('\n');
  const rng = createRng(7);
  const picked = Array.from({ length: WORDS }, () => words[rng.int(words.length)] as string);
  const x = Tensor.zeros([WORDS, STEPS]);
  const y = Tensor.full([WORDS, STEPS], IGNORE);
  picked.forEach((word, i) => {
    const codes = [...word].map((c) => c.charCodeAt(0) - 96);
    const input = [BOUNDARY, ...codes];
    const target = [...codes, BOUNDARY];
    input.forEach((v, t) => x.set(v, i, t));
    target.forEach((v, t) => y.set(v, i, t));
  });
  return { x, y };
}

function model(): Sequential {
  const rng = createRng(1);
  return new Sequential([
    new Embedding(VOCAB, EMBED, { paddingIdx: 0, rng }),
    new LSTM(EMBED, HIDDEN, { returnSequences: true, rng }),
    new Linear(HIDDEN, VOCAB, { rng }),
  ]);
}

/** kubiki tokens/s with fit: one warm-up epoch, then whole epochs until SECONDS have passed. */
function kubikiRate(data: { x: Tensor; y: Tensor }): Rate {
  const net = model();
  const options = { loss: new CrossEntropyLoss({ ignoreIndex: IGNORE }), optimizer: new Adam({ lr: LR }), batchSize: BATCH, seed: 0 };
  net.fit(data.x, data.y, { ...options, epochs: 1 });
  let epochs = 0;
  let loss = NaN;
  const start = now();
  const cpu0 = cpu();
  do {
    loss = net.fit(data.x, data.y, { ...options, epochs: 1 }).loss[0] as number;
    epochs++;
  } while (now() - start < SECONDS);
  const tokens = epochs * WORDS * STEPS;
  return { rate: tokens / (now() - start), perCpu: tokens / (cpu() - cpu0), loss };
}

/** The same network and step in TensorFlow.js (layers API, masked softmax cross-entropy, Adam). */
function tfRate(tf: typeof TF, data: { x: Tensor; y: Tensor }): Rate {
  const net = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: VOCAB, outputDim: EMBED, inputLength: STEPS }),
      tf.layers.lstm({ units: HIDDEN, returnSequences: true }),
      tf.layers.dense({ units: VOCAB }),
    ],
  });
  const optimizer = tf.train.adam(LR);
  const x = data.x.data;
  const y = data.y.data;
  const batches = Math.floor(WORDS / BATCH);
  let loss = NaN;
  const step = (b: number): void => {
    tf.tidy(() => {
      const xb = tf.tensor2d(Int32Array.from(x.subarray(b * BATCH * STEPS, (b + 1) * BATCH * STEPS)), [BATCH, STEPS], 'int32');
      const labels = Int32Array.from(y.subarray(b * BATCH * STEPS, (b + 1) * BATCH * STEPS), (v) => (v === IGNORE ? 0 : v));
      const mask = Float32Array.from(y.subarray(b * BATCH * STEPS, (b + 1) * BATCH * STEPS), (v) => (v === IGNORE ? 0 : 1));
      const yb = tf.oneHot(tf.tensor1d(labels, 'int32'), VOCAB);
      const weights = tf.tensor1d(mask);
      const cost = optimizer.minimize(() => {
        const logits = (net.apply(xb) as TF.Tensor).reshape([BATCH * STEPS, VOCAB]);
        return tf.losses.softmaxCrossEntropy(yb, logits, weights) as TF.Scalar;
      }, true);
      loss = (cost as TF.Scalar).dataSync()[0] as number;
    });
  };
  step(0); // warm-up
  let tokens = 0;
  const start = now();
  const cpu0 = cpu();
  for (let b = 1; now() - start < SECONDS; b = (b + 1) % batches) {
    step(b);
    tokens += BATCH * STEPS;
  }
  const rate = tokens / (now() - start);
  const perCpu = tokens / (cpu() - cpu0);
  net.dispose();
  optimizer.dispose();
  return { rate, perCpu, loss };
}

async function main(): Promise<void> {
  const load0 = os.loadavg();
  const data = wordData();
  const results: Record<string, Rate> = {};
  for (const threads of [1, 2]) {
    setBackend('wasm');
    setThreads(threads);
    results[`kubiki wasm ${threads}T`] = kubikiRate(data);
    console.error(`done: kubiki wasm ${threads}T`);
  }
  const tf = await useTf('cpu');
  results['tfjs cpu'] = tfRate(tf, data);
  console.error('done: tfjs cpu');
  let wasmNote = 'tfjs wasm: not run';
  try {
    const tfw = await useTf('wasm');
    tfRate(tfw, { x: data.x.sliceRows(0, BATCH * 2), y: data.y.sliceRows(0, BATCH * 2) });
    wasmNote = 'tfjs wasm: trained (unexpected: it lacked UnsortedSegmentSum in 4.22)';
  } catch (error) {
    wasmNote = `tfjs wasm: cannot train it (${String((error as Error).message ?? error).split('\n')[0]})`;
  }
  const load1 = os.loadavg();
  const tfCpu = results['tfjs cpu']?.rate ?? NaN;
  console.log(`kubiki LSTM language-model benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? '?'} ×${os.availableParallelism()}`);
  console.log(`load average before ${load0.map((v) => v.toFixed(2)).join(' ')}, after ${load1.map((v) => v.toFixed(2)).join(' ')}`);
  const tfCpuPerCpu = results['tfjs cpu']?.perCpu ?? NaN;
  const n = (v: number): string => Math.round(v).toLocaleString('en-US');
  console.log('| | tokens/s | vs tfjs cpu | tokens per CPU-second | vs tfjs cpu | last loss |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `| ${name} | ${n(r.rate)} | ${(r.rate / tfCpu).toFixed(1)}× | ${n(r.perCpu)} | ${(r.perCpu / tfCpuPerCpu).toFixed(1)}× | ${r.loss.toFixed(3)} |`,
    );
  }
  console.log(wasmNote);
  console.log(JSON.stringify({ results, load: { before: load0, after: load1 } }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
