import { CrossEntropyLoss, Linear, ReLU, SGD, Sequential, Tensor, createRng, setBackend, setThreads } from '../../src';
import { WasmKernels } from '../../src/kernels/wasm/WasmKernels';
import { wasmKernels } from '../helpers/wasmArrays';

/*
 * In V8, growing any shared wasm memory replaces the SharedArrayBuffer object of every other shared
 * memory in the process, without growing it (seen in Node 20). A second copy of kubiki, or any
 * other library with a shared wasm memory, does that. Released resident arrays must still be known
 * as released afterwards, else a layer reuses one that new resident arrays overlap and training
 * silently computes wrong gradients (found as a different loss, and NaN with Adam, when two builds
 * trained in one process in bench/compareBuilds.ts).
 */

const wasm = wasmKernels;

describe('resident arrays when another shared memory grows', () => {
  beforeAll(() => {
    setBackend('wasm');
    setThreads(1);
  });

  it("V8 swaps this memory's buffer object when another one grows (the premise), and a released array stays stale", () => {
    const kernels = wasm();
    const other = WasmKernels.load();
    if (!other) throw new Error('the wasm module is not built: run npm run build');
    const before = kernels.memory.buffer;
    other.allocResident(1 << 20); // grows the other memory by 4 MB
    expect(kernels.memory.buffer).not.toBe(before);
    const array = kernels.allocResident(64)!;
    expect(kernels.residentAddress(array)).toBeGreaterThanOrEqual(0);
    kernels.releaseResident();
    expect(kernels.isStale(array)).toBe(true);
    expect(kernels.residentAddress(array)).toBe(-1);
    // A plain array, or one of another memory, is never stale here.
    expect(kernels.isStale(new Float32Array(4))).toBe(false);
    const foreign = other.allocResident(4)!;
    expect(kernels.isStale(foreign)).toBe(false);
    other.releaseResident();
  });

  it('trains a model fitted several times to the same weights whether or not another memory grows in between', () => {
    const rng = createRng(3);
    const x = Tensor.uniform([96, 40], -1, 1, rng);
    const y = Tensor.from(Array.from({ length: 96 }, (_, i) => (i * 7) % 10));
    const train = (growOther: () => void) => {
      const r = createRng(2);
      const model = new Sequential([new Linear(40, 64, { rng: r }), new ReLU(), new Linear(64, 10, { rng: r })]);
      const options = { loss: new CrossEntropyLoss(), optimizer: new SGD({ lr: 0.1 }), batchSize: 32, shuffle: false, epochs: 1 };
      for (let i = 0; i < 3; i++) {
        model.fit(x, y, options);
        growOther();
      }
      return model.paramGrads().map((p) => Array.from(p.value.data));
    };
    const other = WasmKernels.load()!;
    const alone = train(() => undefined);
    const withOther = train(() => other.allocResident(1 << 18));
    expect(withOther).toEqual(alone);
  });
});
