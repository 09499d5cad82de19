import { OptimizerBase, ParamState, Tensor, type FloatArray, type Param } from '../../src';
import { allocate } from '../../src/tensor/Tensor';

/** A user optimizer written on the exported base: θ ← θ − lr·(g + previous g), one buffer per parameter. */
class Lookback extends OptimizerBase {
  readonly name = 'Lookback';
  protected readonly state = new ParamState<{ last: FloatArray }>('Lookback', (value) => ({ last: allocate(value.dtype, value.size) }));

  constructor(lr: number) {
    super();
    this.lr = lr;
  }

  step(params: readonly Param[]): void {
    for (const param of params) {
      const { last } = this.state.get(param);
      param.value.data.forEach((v, i) => {
        const g = param.grad.data[i] as number;
        param.value.data[i] = v - this.lr * (g + (last[i] as number));
        last[i] = g;
      });
    }
  }

  toConfig() {
    return { type: 'Lookback', lr: this.lr };
  }
}

describe('OptimizerBase (a user optimizer)', () => {
  const param = (): Param => ({ name: 'w', value: Tensor.from([1, 2], undefined, 'float64'), grad: Tensor.from([0.5, -1], undefined, 'float64') });

  it('checks lr, and its stateDict continues a run exactly', () => {
    const opt = new Lookback(0.1);
    expect(() => (opt.lr = -1)).toThrow('Lookback: expected lr to be');
    const p = param();
    opt.step([p]);
    opt.step([p]); // 1 − 0.1·0.5 − 0.1·1 = 0.85, 2 + 0.1 + 0.2 = 2.3
    expect(Array.from(p.value.data)).toEqual([1 - 0.05 - 0.1, 2 + 0.1 + 0.2]);
    const resumed = new Lookback(0.5);
    resumed.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));
    expect(resumed.lr).toBe(0.1);
    const q = { ...param(), value: Tensor.from(Array.from(p.value.data), undefined, 'float64') };
    opt.step([p]);
    resumed.step([q]);
    expect(Array.from(q.value.data)).toEqual(Array.from(p.value.data));
  });
});
