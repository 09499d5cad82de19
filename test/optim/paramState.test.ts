import { DataError, ShapeError } from '../../src/errors';
import { setBackend } from '../../src/kernels';
import { beginResidentFit } from '../../src/kernels/resident';
import { encodeFloats } from '../../src/model/floatCodec';
import type { Param } from '../../src/layers/Layer';
import { ParamState } from '../../src/optim/paramState';
import { Tensor } from '../../src/tensor/Tensor';
import { wasmKernels } from '../helpers/wasmArrays';

/*
 * ParamState, the per-parameter store behind every optimizer's state (optim/paramState.ts). It
 * holds no math, so there is no forward oracle or gradient check here: the optimizers' own tests
 * check their updates against written-out formulas and stateDict.test.ts their JSON round trips.
 * These pin down the store's contract: one state per value tensor, names for stateDict, pending
 * state taken at the next step, its error texts, and its buffers living in wasm memory during a
 * resident fit and handed back afterwards.
 */

type Moments = { m: Float32Array; steps: number };

const param = (name: string, size = 3, dtype: 'float32' | 'float64' = 'float32'): Param => ({
  name, value: Tensor.zeros([size], dtype), grad: Tensor.zeros([size], dtype),
});

function store(): ParamState<Moments> {
  return new ParamState<Moments>('Test', (value) => ({ m: new Float32Array(value.size), steps: 0 }));
}

describe('ParamState', () => {
  it('creates one state per value tensor, also for a fresh Param wrapper of the same tensors', () => {
    const states = store();
    const p = param('weight');
    const first = states.get(p);
    first.steps = 4;
    expect(states.get({ ...p })).toBe(first);
    expect(states.get(param('weight'))).not.toBe(first); // other tensors, same name
  });

  it('lists states by parameter name and takes loaded state at each parameter\'s next step', () => {
    const states = store();
    const p = param('0.weight');
    const s = states.get(p);
    s.m.set([1.5, -2, 0.25]);
    s.steps = 7;
    const saved = JSON.parse(JSON.stringify(states.toJSON())) as Record<string, Record<string, unknown>>;
    expect(Object.keys(saved)).toEqual(['0.weight']);
    expect(saved['0.weight']?.steps).toBe(7);

    const resumed = store();
    resumed.load(saved);
    expect(resumed.toJSON()).toEqual(saved); // still pending: listed as loaded
    const restored = resumed.get(param('0.weight'));
    expect(Array.from(restored.m)).toEqual([1.5, -2, 0.25]);
    expect(restored.steps).toBe(7);
  });

  it('names the parameter and the field when loaded state does not fit it', () => {
    /** A store holding `saved` as pending state, and the first step of parameter "w" that takes it. */
    const loading = (saved: Record<string, Record<string, unknown>>) => {
      const states = store();
      states.load(saved);
      return () => states.get(param('w', 3));
    };
    const shortBuffer = { w: { m: { data: 'AAAA' }, steps: 1 } };
    expect(loading(shortBuffer)).toThrow(DataError);
    expect(loading(shortBuffer)).toThrow(/^Test\.loadStateDict: params\["w"\]\.m: expected state that fits this parameter, got /);
    expect(loading({ w: { m: encodeFloats(new Float32Array(3)), steps: 'x' } }))
      .toThrow('Test.loadStateDict: params["w"].steps: expected state that fits this parameter, got "x"');
  });

  it('refuses a gradient whose size differs from the value, naming both shapes', () => {
    const p: Param = { name: 'bias', value: Tensor.zeros([3]), grad: Tensor.zeros([2]) };
    expect(() => store().get(p)).toThrow(ShapeError);
    expect(() => store().get(p)).toThrow('Test.step: expected the grad of "bias" to have shape [3], got [2]');
  });

  describe('inside a resident fit (wasm backend)', () => {
    beforeAll(() => setBackend('wasm'));

    it('keeps float32 buffers in wasm memory for the fit and hands the original arrays back with the values', () => {
      const states = store();
      const p = param('w', 1030);
      const original = states.get(p).m;
      original.fill(0.5);
      expect(wasmKernels().residentAddress(original)).toBe(-1);

      const fit = beginResidentFit([]);
      const pinned = states.get(p);
      expect(pinned.m).not.toBe(original);
      expect(wasmKernels().residentAddress(pinned.m)).toBeGreaterThanOrEqual(0);
      expect(pinned.m[3]).toBe(0.5);
      pinned.m.fill(-3);
      expect(states.get(p).m).toBe(pinned.m); // pinned once per fit
      fit.end();

      const after = states.get(p).m;
      expect(after).toBe(original);
      expect(after.every((v) => v === -3)).toBe(true);
    });

    it('leaves float64 buffers alone and pins nothing outside a fit', () => {
      const wide = new ParamState<{ m: Float64Array }>('Test', (value) => ({ m: new Float64Array(value.size) }));
      const p = param('w', 4, 'float64');
      const fit = beginResidentFit([]);
      const m = wide.get(p).m;
      fit.end();
      expect(wide.get(p).m).toBe(m);
      expect(wasmKernels().residentAddress(store().get(param('v')).m)).toBe(-1);
    });
  });
});
