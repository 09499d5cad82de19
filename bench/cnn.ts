/*
 * `npm run bench:cnn`: training throughput (images/s) of the digits CNN of examples/digits-cnn,
 * batch 64, in kubiki and in TensorFlow.js's WebAssembly backend on the same network, the same data
 * and the same optimizer, in one run. Not a test: the numbers depend on the machine and on what else
 * runs on it, so each rate is given per second of wall time and per second of this process's CPU time.
 *
 * Both sides run the same loop over the same pre-cut batches (no shuffling, no fit() bookkeeping):
 * forward, softmax cross-entropy, backward, SGD with momentum 0.9 (kubiki reusing its buffers as fit() does). TensorFlow.js uses NHWC, its
 * native layout; the network is otherwise identical:
 *   Reshape [1,8,8] → Conv2D 16 3×3 same → BatchNorm2D → ReLU → MaxPool 2 → Conv2D 32 3×3 same → ReLU
 *   → Flatten → Linear 10
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchNorm2D,
  Conv2D,
  CrossEntropyLoss,
  Flatten,
  Linear,
  MaxPool2D,
  ReLU,
  Reshape,
  SGD,
  Sequential,
  Tensor,
  createRng,
  getKernelInfo,
} from '../src';
import { enterBufferReuse, exitBufferReuse } from '../src/tensor/reuse';

const BATCH = 64;
const LR = 0.05;
const MOMENTUM = 0.9;
/** Keep timing until this many seconds have passed (whole epochs), after a warm-up epoch. */
const MIN_SECONDS = 3;

interface Timing {
  wall: number;
  cpu: number;
}

interface Batches {
  /** [BATCH, 64] pixel rows scaled to [0, 1], and their labels. */
  x: Float32Array[];
  labels: Int32Array[];
}

function loadBatches(): Batches {
  // From dist/bench/ or bench/ alike: the repository root is where package.json is.
  const root = join(__dirname, __dirname.includes(`${join('dist', 'bench')}`) ? '../..' : '..');
  const rows = readFileSync(join(root, 'examples', 'digits', 'digits.csv'), 'utf8').trim().split('\n').slice(1);
  const count = Math.floor(rows.length / BATCH);
  const batches: Batches = { x: [], labels: [] };
  for (let b = 0; b < count; b++) {
    const x = new Float32Array(BATCH * 64);
    const labels = new Int32Array(BATCH);
    for (let r = 0; r < BATCH; r++) {
      const values = (rows[b * BATCH + r] as string).split(',').map(Number);
      for (let p = 0; p < 64; p++) x[r * 64 + p] = (values[p] as number) / 16;
      labels[r] = values[64] as number;
    }
    batches.x.push(x);
    batches.labels.push(labels);
  }
  return batches;
}

interface Measured extends Timing {
  epochs: number;
  /** Mean training loss of the last epoch: both sides must actually be learning. */
  loss: number;
}

/** Runs `epoch` once to warm up, then whole epochs for at least MIN_SECONDS; images per second. */
function measure(batches: Batches, epoch: () => number): Measured {
  let loss = epoch();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let epochs = 0;
  let wall = 0;
  do {
    loss = epoch();
    epochs++;
    wall = Number(process.hrtime.bigint() - start) / 1e9;
  } while (wall < MIN_SECONDS);
  const cpu = process.cpuUsage(cpuStart);
  const images = epochs * batches.x.length * BATCH;
  return { wall: images / wall, cpu: images / ((cpu.user + cpu.system) / 1e6), epochs, loss };
}

/** One epoch of SGD steps; returns the mean loss over its batches. */
function kubikiEpoch(batches: Batches): () => number {
  const rng = createRng(0);
  const model = new Sequential([
    new Reshape([1, 8, 8]),
    new Conv2D(1, 16, 3, { padding: 'same', rng }),
    new BatchNorm2D(16),
    new ReLU(),
    new MaxPool2D(2),
    new Conv2D(16, 32, 3, { padding: 'same', rng }),
    new ReLU(),
    new Flatten(),
    new Linear(512, 10, { rng }),
  ]);
  const loss = new CrossEntropyLoss();
  const optimizer = new SGD({ lr: LR, momentum: MOMENTUM });
  const xs = batches.x.map((x) => new Tensor(x, [BATCH, 64]));
  const ys = batches.labels.map((labels) => Tensor.from(labels, [BATCH]));
  model.train();
  return () => {
    let total = 0;
    // Buffers are reused across batches, as inside fit() (src/tensor/reuse.ts).
    enterBufferReuse();
    try {
      xs.forEach((x, b) => {
        model.zeroGrad();
        total += loss.forward(model.forward(x), ys[b] as Tensor);
        model.backward(loss.backward());
        optimizer.step(model.paramGrads());
      });
    } finally {
      exitBufferReuse();
    }
    return total / xs.length;
  };
}

async function tfjsWasmEpoch(batches: Batches): Promise<{ epoch: () => number; threads: number }> {
  // Loaded here so that a missing or broken TensorFlow.js leaves the kubiki half of the benchmark.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  registerConv2DBackpropFilter(tf);
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [8, 8, 1], inputShape: [64] }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', kernelInitializer: init(1) }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', kernelInitializer: init(2) }),
      tf.layers.reLU(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, kernelInitializer: init(3) }),
    ],
  });
  const optimizer = tf.train.momentum(LR, MOMENTUM);
  const xs = batches.x.map((x) => tf.tensor2d(x, [BATCH, 64]));
  const ys = batches.labels.map((labels) => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
  const epoch = (): number => {
    let total = 0;
    xs.forEach((x, b) => {
      const cost = optimizer.minimize(() => {
        const logits = model.apply(x, { training: true }) as import('@tensorflow/tfjs').Tensor;
        return tf.losses.softmaxCrossEntropy(ys[b] as import('@tensorflow/tfjs').Tensor, logits) as import('@tensorflow/tfjs').Scalar;
      }, true);
      total += cost ? (cost.dataSync()[0] as number) : NaN; // waits for the step, like kubiki's synchronous one
      cost?.dispose();
    });
    return total / xs.length;
  };
  return { epoch, threads: wasm.getThreadsCount() };
}

/**
 * TensorFlow.js 4.22's wasm backend has no Conv2DBackpropFilter kernel, so a Conv2D cannot train
 * there out of the box ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). It does
 * have the 3-D one: a 2-D filter gradient is the 3-D one with depth 1, so this registers the missing
 * kernel as the wasm backend's own Conv3DBackpropFilterV2 on depth-1 views of the same data
 * (x: [n, h, w, c] → [n, 1, h, w, c]). All the arithmetic stays in wasm. Checked against the CPU
 * backend's gradient for stride 1 ('same' and 'valid'); with stride 2 the results differ, so the
 * shim refuses strides other than 1 (this network has none).
 */
function registerConv2DBackpropFilter(tf: typeof import('@tensorflow/tfjs')): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3d) throw new Error('the wasm backend has neither Conv2DBackpropFilter nor Conv3DBackpropFilterV2');
  type Info = { dataId: object; shape: number[]; dtype: string };
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const { strides, pad, filterShape, dataFormat } = attrs as unknown as {
        strides: number | [number, number];
        pad: unknown;
        filterShape: [number, number, number, number];
        dataFormat: string;
      };
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      if ((pad !== 'same' && pad !== 'valid') || dataFormat !== 'NHWC' || sh !== 1 || sw !== 1) {
        throw new Error(
          `Conv2DBackpropFilter shim: only NHWC, stride 1, 'same' or 'valid' padding; got ${dataFormat}, stride ${sh}×${sw}, ${String(pad)}`,
        );
      }
      const as5d = (t: Info): Info => ({ ...t, shape: [t.shape[0] as number, 1, ...t.shape.slice(1)] });
      const dw = conv3d.kernelFunc({
        inputs: { x: as5d(x), dy: as5d(dy) } as never,
        backend,
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] } as never,
      }) as unknown as Info;
      return { ...dw, shape: [...filterShape] } as never;
    },
  });
}

function format(rate: number): string {
  return Math.round(rate).toLocaleString('en-US').padStart(8);
}

async function main(): Promise<void> {
  const batches = loadBatches();
  const images = batches.x.length * BATCH;
  const info = getKernelInfo();
  console.log(`kubiki ${info.backend} backend, module ${info.module ?? 'none'} (fma ${info.fma}), ${info.threads} thread(s)`);
  console.log(`CNN training, batch ${BATCH}, ${batches.x.length} batches of digits (${images} images) per epoch`);
  console.log(`${'backend'.padEnd(30)}images/s (wall)  images/s (CPU)  epochs  last loss`);
  const row = (name: string, m: Measured): string =>
    `${name.padEnd(30)}${format(m.wall)}        ${format(m.cpu)}      ${String(m.epochs).padStart(3)}     ${m.loss.toFixed(4)}`;
  const kubiki = measure(batches, kubikiEpoch(batches));
  console.log(row('kubiki', kubiki));
  let tfjs: (Measured & { threads: number }) | { error: string };
  try {
    const { epoch, threads } = await tfjsWasmEpoch(batches);
    tfjs = { ...measure(batches, epoch), threads };
    console.log(row(`TensorFlow.js wasm (${threads} thread${threads === 1 ? '' : 's'})`, tfjs));
  } catch (error) {
    tfjs = { error: (error as Error).message };
    console.log(`TensorFlow.js wasm: could not run (${tfjs.error})`);
  }
  const round = (t: Timing) => ({ wall: Math.round(t.wall), cpu: Math.round(t.cpu) });
  if (!('error' in tfjs)) console.log(`kubiki / TensorFlow.js wasm: ${(kubiki.wall / tfjs.wall).toFixed(2)}× (wall)`);
  console.log(
    JSON.stringify({
      benchmark: 'cnn',
      batchSize: BATCH,
      kubikiImagesPerSecond: round(kubiki),
      tfjsWasmImagesPerSecond: 'error' in tfjs ? tfjs : { ...round(tfjs), threads: tfjs.threads },
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
