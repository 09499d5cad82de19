import { Concat } from '../../src/containers/Concat';
import { Residual } from '../../src/containers/Residual';
import { buildLayer } from '../../src/layers/buildLayer';
import { Linear } from '../../src/layers/Linear';
import { ReLU } from '../../src/layers/ReLU';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { expectClose, expectConfigRoundTrip, expectGradientsCorrect, randomTensor } from '../helpers/layerChecks';

describe('Sequential as a layer', () => {
  const nested = () =>
    new Sequential([
      new Linear(4, 3, { rng: createRng(1) }),
      new Tanh(),
      new Residual(new Sequential([new Linear(3, 3, { rng: createRng(2) }), new ReLU()])),
      new Sequential([new Concat([new Linear(3, 2, { rng: createRng(3) }), new Tanh()]), new Linear(5, 2, { rng: createRng(4) })]),
    ]);

  it('nests anywhere, with nested parameter names ("2.block.0.weight")', () => {
    expect(nested().paramGrads().map((p) => p.name)).toEqual([
      '0.weight', '0.bias', '2.block.0.weight', '2.block.0.bias', '3.0.0.weight', '3.0.0.bias', '3.1.weight', '3.1.bias',
    ]);
    expect(nested().outputShape([7, 4])).toEqual([7, 2]);
  });

  it('has correct gradients through every level (float64 central differences)', () => {
    expectGradientsCorrect(nested(), randomTensor([3, 4]));
  });

  it('toConfig → buildLayer rebuilds the tree; the same weights give the same outputs', () => {
    const model = nested();
    const config = model.toConfig();
    expect(config.type).toBe('Sequential');
    expect(config.layers.map((l) => l.type)).toEqual(['Linear', 'Tanh', 'Residual', 'Sequential']);
    const rebuilt = expectConfigRoundTrip(model);
    rebuilt.paramGrads().forEach((p, i) => p.value.data.set(model.paramGrads()[i]!.value.data));
    const x = randomTensor([2, 4]);
    expectClose(rebuilt.forward(x), model.forward(x), 1e-12);
    expect(buildLayer({ type: 'Sequential', layers: [{ type: 'ReLU' }] }).name).toBe('Sequential');
  });

  it('train/eval reaches the layers of nested containers', () => {
    const model = nested();
    model.eval();
    const inner = (model.layers[2] as Residual).block as Sequential;
    expect(inner.layers[0]!.training).toBe(false);
    model.training = true;
    expect(inner.layers[0]!.training).toBe(true);
  });
});
