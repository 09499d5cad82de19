import { getBackend, gruCellForward, lstmCellForward, setBackend } from '../../src/kernels';
import { gruCellForward as gruCellForwardJs, lstmCellForward as lstmCellForwardJs } from '../../src/kernels/recurrent';
import { MIN_UNITS } from '../../src/kernels/wasm/recurrentWasm';
import { createRng } from '../../src/tensor/rng';

/*
 * The LSTM cell routed to wasm (asm/recurrent.ts: σ and tanh from one f32x4 exp polynomial) against
 * the float64-computed TypeScript reference: within 1e-6 (a few f32 ulp) for sizes on both sides of
 * the threshold, hidden sizes that are not multiples of 4, and pre-activations far into saturation.
 */
describe('lstmCellForward and gruCellForward on the wasm backend', () => {
  beforeAll(() => setBackend('wasm'));

  it.each([[1, 4], [3, 5], [8, MIN_UNITS / 8 + 3], [64, 128], [5, 19]])('matches the reference for batch %i, hidden %i', (batch, hidden) => {
    expect(getBackend()).toBe('wasm');
    const rng = createRng(batch * 100 + hidden);
    const gates = Float32Array.from({ length: 4 * batch * hidden }, (_, i) => (i % 7 === 0 ? rng.uniform(-120, 120) : rng.uniform(-6, 6)));
    const cPrev = Float32Array.from({ length: batch * hidden }, () => rng.uniform(-3, 3));
    const run = (cell: typeof lstmCellForwardJs) => {
      const out = { gates: gates.slice(), c: new Float32Array(batch * hidden), tc: new Float32Array(batch * hidden), h: new Float32Array(batch * hidden) };
      cell(out.gates, cPrev, out.c, out.tc, out.h, batch, hidden);
      return out;
    };
    const got = run(lstmCellForward);
    const want = run(lstmCellForwardJs);
    for (const key of ['gates', 'c', 'tc', 'h'] as const) {
      const worst = got[key].reduce((m, v, i) => Math.max(m, Math.abs(v - (want[key][i] as number))), 0);
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it.each([[1, 4], [8, MIN_UNITS / 8 + 3], [64, 128], [5, 19]])('GRU matches the reference for batch %i, hidden %i', (batch, hidden) => {
    const rng = createRng(batch * 10 + hidden);
    const xp = Float32Array.from({ length: 3 * batch * hidden }, (_, i) => (i % 7 === 0 ? rng.uniform(-120, 120) : rng.uniform(-6, 6)));
    const hp = Float32Array.from({ length: 3 * batch * hidden }, () => rng.uniform(-3, 3));
    const hPrev = Float32Array.from({ length: batch * hidden }, () => rng.uniform(-1, 1));
    const run = (cell: typeof gruCellForwardJs) => {
      const out = { xp: xp.slice(), h: new Float32Array(batch * hidden) };
      cell(out.xp, hp, hPrev, out.h, batch, hidden);
      return out;
    };
    const got = run(gruCellForward);
    const want = run(gruCellForwardJs);
    for (const key of ['xp', 'h'] as const) {
      const worst = got[key].reduce((m, v, i) => Math.max(m, Math.abs(v - (want[key][i] as number))), 0);
      expect(worst).toBeLessThan(1e-6);
    }
  });
});
