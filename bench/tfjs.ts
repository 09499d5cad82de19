/*
 * The same workloads on TensorFlow.js (devDependencies), for the comparison in bench.ts: its pure-JS
 * 'cpu' backend and its 'wasm' backend (XNNPACK with SIMD, the .wasm files from node_modules).
 * Training is a hand loop (optimizer.minimize on softmax cross-entropy), TensorFlow.js's fastest
 * path, with the same sizes, batch, learning rate and shuffling per epoch as kubiki's fit.
 */
import { dirname, join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';

export type TfBackend = 'cpu' | 'wasm';

let tfModule: typeof TF | undefined;

/** Loads TensorFlow.js once and switches it to `backend`. */
export async function useTf(backend: TfBackend): Promise<typeof TF> {
  if (!tfModule) {
    // tfjs prints a hint to install tfjs-node on load; it is not what we compare against.
    const log = console.log;
    console.log = () => undefined;
    try {
      tfModule = (await import('@tensorflow/tfjs')) as typeof TF;
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
      wasm.setWasmPaths(distDir + '/');
    } finally {
      console.log = log;
    }
  }
  const tf = tfModule;
  await tf.setBackend(backend);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`tfjs: backend ${backend} did not load`);
  return tf;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** GFLOP/s of tf.matMul on n×n float32 matrices, best of 3 timed runs (dataSync waits for it). */
export function tfGemmGflops(tf: typeof TF, n: number, seconds: number): number {
  const a = tf.randomUniform([n, n], -1, 1);
  const b = tf.randomUniform([n, n], -1, 1);
  tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    let reps = 0;
    const start = now();
    do {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
      reps++;
    } while (now() - start < seconds / 3);
    best = Math.min(best, (now() - start) / reps);
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / best / 1e9;
}

/**
 * Training samples/s of an MLP `sizes` (ReLU between layers, He-uniform weights, zero biases) with
 * SGD on softmax cross-entropy, after one warm-up epoch; timing stops at the first epoch boundary
 * after `seconds` (or at `seconds` mid-epoch when one epoch is slower than that).
 */
export function tfTrainingRate(
  tf: typeof TF, sizes: readonly number[], x: Float32Array, labels: Int32Array, batchSize: number, seconds: number,
  optimizerName: 'sgd' | 'adam' = 'sgd',
): number {
  const inputs = sizes[0] as number;
  const rows = labels.length;
  const classes = sizes[sizes.length - 1] as number;
  const weights: TF.Variable[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const fanIn = sizes[i - 1] as number;
    const limit = Math.sqrt(6 / fanIn);
    weights.push(tf.variable(tf.randomUniform([fanIn, sizes[i] as number], -limit, limit)));
    weights.push(tf.variable(tf.zeros([sizes[i] as number])));
  }
  const optimizer = optimizerName === 'adam' ? tf.train.adam(1e-3) : tf.train.sgd(0.05);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const xs = tf.tensor2d(x, [rows, inputs]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat();

  const step = (start: number, end: number): void => {
    tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, end), 'int32');
      const xb = tf.gather(xs, idx);
      const yb = tf.gather(ys, idx);
      const cost = optimizer.minimize(() => {
        let h: TF.Tensor = xb;
        for (let l = 0; l < weights.length; l += 2) {
          h = tf.add(tf.matMul(h as TF.Tensor2D, weights[l] as TF.Variable as TF.Tensor2D), weights[l + 1] as TF.Variable);
          if (l + 2 < weights.length) h = tf.relu(h);
        }
        return tf.losses.softmaxCrossEntropy(yb, h) as TF.Scalar;
      }, true);
      cost?.dataSync();
    });
  };
  const epoch = (deadline: number): number => {
    shuffle(order);
    let done = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(rows, start + batchSize);
      step(start, end);
      done += end - start;
      if (now() > deadline) break;
    }
    return done;
  };

  epoch(now() + seconds); // warm-up: one epoch (kernels compiled, memory pools filled)
  const start = now();
  let samples = 0;
  while (now() - start < seconds) samples += epoch(start + seconds);
  const rate = samples / (now() - start);
  xs.dispose();
  ys.dispose();
  for (const w of weights) w.dispose();
  optimizer.dispose();
  return rate;
}

function shuffle(order: Int32Array): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

