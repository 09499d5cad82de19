// A module Web Worker that trains with a kubiki bundle, started by test/browser/threads.test.ts
// with { bundle, threaded }: XOR with the blocking `fit` (the page keeps running meanwhile); with
// `threaded` (the bundle of test/browser/threadsProbe.ts, in a cross-origin-isolated page) also two
// epochs of an MLP 784-256-128-10 on one thread and on two, this worker waiting for its own GEMM
// workers with Atomics.wait (which a page's main thread cannot), the weights of both compared.
// Posts the results back.

function mlp(k, threads) {
  k.setThreads(threads);
  const rng = k.createRng(5);
  const model = new k.Sequential([
    new k.Linear(784, 256, { rng }), new k.ReLU(), new k.Linear(256, 128, { rng }), new k.ReLU(), new k.Linear(128, 10, { rng }),
  ]);
  const data = k.createRng(6);
  const x = k.Tensor.uniform([256, 784], 0, 1, data);
  const y = k.Tensor.from(Float32Array.from({ length: 256 }, () => data.int(10)), [256]);
  const pool = k.backendState().pool;
  const before = pool?.workerChunks ?? 0;
  const history = model.fit(x, y, {
    loss: new k.CrossEntropyLoss(), optimizer: new k.SGD({ lr: 0.05 }), epochs: 2, batchSize: 64, seed: 0,
  });
  // Chunks of this fit's products (five split products per step) that the pool's workers ran.
  const split = threads > 1 && pool ? pool.workerChunks - before : 0;
  return { loss: history.loss.at(-1), split, weights: model.paramGrads().flatMap((p) => Array.from(p.value.data)) };
}

async function poolReady(k) {
  const pool = k.gemmPool(k.backendState().wasm);
  for (let i = 0; i < 500 && pool.ensure(1) < 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return pool.ensure(1) === 1;
}

self.onmessage = async (event) => {
  const { bundle, threaded } = event.data;
  const k = await import(bundle);
  const start = performance.now();
  const x = k.Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = k.Tensor.from([[0], [1], [1], [0]]);
  const rng = k.createRng(1);
  const model = new k.Sequential([new k.Linear(2, 8, { rng }), new k.Tanh(), new k.Linear(8, 1, { rng }), new k.Sigmoid()]);
  const history = model.fit(x, y, {
    loss: new k.BCELoss(), optimizer: new k.SGD({ lr: 0.5, momentum: 0.9 }), epochs: 2000, batchSize: 4, seed: 0, metrics: ['accuracy'],
  });
  const result = {
    crossOriginIsolated: self.crossOriginIsolated,
    backend: k.getBackend(),
    defaultThreads: k.getThreads(),
    hardwareConcurrency: navigator.hardwareConcurrency,
    loss: history.loss.at(-1),
    accuracy: history.accuracy.at(-1),
    ms: performance.now() - start,
  };
  if (threaded) {
    // Every product of the MLP is split (the pool's adaptive pause off), once the worker is up.
    k.setParallelMinMacs(k.PARALLEL_MIN_MACS, false);
    const one = mlp(k, 1);
    k.setThreads(2);
    result.poolReady = await poolReady(k);
    const two = mlp(k, 2);
    result.threads = k.getKernelInfo().threads;
    result.workerChunks = two.split;
    result.losses = [one.loss, two.loss];
    result.maxDiff = one.weights.reduce((worst, w, i) => Math.max(worst, Math.abs(w - two.weights[i])), 0);
  }
  self.postMessage(result);
};
