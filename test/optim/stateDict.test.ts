import { ConfigError, DataError } from '../../src/errors';
import { Adagrad } from '../../src/optim/Adagrad';
import { Adam } from '../../src/optim/Adam';
import { Adamax } from '../../src/optim/Adamax';
import { AdamW } from '../../src/optim/AdamW';
import type { Optimizer } from '../../src/optim/Optimizer';
import { RMSprop } from '../../src/optim/RMSprop';
import { SGD } from '../../src/optim/SGD';
import { makeParam, setGrad } from './fixtures';

type Stateful = Optimizer & Required<Pick<Optimizer, 'stateDict' | 'loadStateDict'>>;

/** Every optimizer, with settings that give it state (momentum buffers, moments, step counts). */
const OPTIMIZERS: Record<string, () => Stateful> = {
  SGD: () => new SGD({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
  'SGD without momentum': () => new SGD({ lr: 0.1 }),
  Adam: () => new Adam({ lr: 0.01, weightDecay: 0.01 }),
  AdamW: () => new AdamW({ lr: 0.01 }),
  RMSprop: () => new RMSprop({ lr: 0.01, momentum: 0.5 }),
  Adagrad: () => new Adagrad({ lr: 0.1 }),
  Adamax: () => new Adamax({ lr: 0.01, weightDecay: 0.01 }),
};

describe.each(Object.entries(OPTIMIZERS))('%s: stateDict / loadStateDict', (_name, make) => {
  it('continues bit for bit after a JSON round trip into a fresh optimizer (a resumed run)', () => {
    const straight = makeParam();
    const reference = make();
    for (let step = 0; step < 6; step++) {
      setGrad(straight, step);
      reference.step([straight]);
    }

    const first = makeParam();
    const before = make();
    for (let step = 0; step < 3; step++) {
      setGrad(first, step);
      before.step([first]);
    }
    const saved = JSON.parse(JSON.stringify(before.stateDict()));
    const resumed = makeParam(Array.from(first.value.data)); // new tensors, as after loading a checkpoint
    const after = make();
    after.lr = 123; // overwritten by the state
    after.loadStateDict(saved);
    expect(after.lr).toBe(before.lr);
    for (let step = 3; step < 6; step++) {
      setGrad(resumed, step);
      after.step([resumed]);
    }
    expect(Array.from(resumed.value.data)).toEqual(Array.from(straight.value.data));
    expect(after.stateDict()).toEqual(reference.stateDict());
  });

  it('refuses the state of another optimizer type or of another parameter shape', () => {
    const other = make().name === 'Adagrad' ? new SGD({ lr: 1 }) : new Adagrad();
    expect(() => make().loadStateDict(other.stateDict())).toThrow(DataError);
    expect(() => make().loadStateDict(other.stateDict())).toThrow(/loadStateDict: expected the state of a \w+ optimizer, got "\w+"/);
    const optimizer = make();
    const param = makeParam();
    setGrad(param, 0);
    optimizer.step([param]);
    const state = optimizer.stateDict();
    if (Object.keys(state.params).length === 0) return; // plain SGD keeps no per-parameter state
    const fresh = make();
    fresh.loadStateDict(state);
    const wider = makeParam([1, 2, 3, 4, 5]);
    wider.grad.data.fill(0.1);
    expect(() => fresh.step([wider])).toThrow(/loadStateDict: params\["weight"\]\.\w+: expected state that fits this parameter/);
  });

  it('refuses a negative learning rate set after construction (a KubikiError, not a silent ascent)', () => {
    const optimizer = make();
    expect(() => (optimizer.lr = -0.1)).toThrow(ConfigError);
    expect(() => (optimizer.lr = NaN)).toThrow(/expected lr to be a non-negative number, got NaN/);
    expect(optimizer.lr).toBeGreaterThan(0);
  });
});
