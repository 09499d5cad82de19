import { ConfigError, ShapeError } from '../../../src/errors';
import { Input } from '../../../src/graph/Input';
import { Model } from '../../../src/graph/Model';
import { Add } from '../../../src/layers/merge/Add';
import { Average } from '../../../src/layers/merge/Average';
import { buildMergeLayer } from '../../../src/layers/merge/buildMergeLayer';
import { Concatenate } from '../../../src/layers/merge/Concatenate';
import { Maximum } from '../../../src/layers/merge/Maximum';
import type { MergeLayer } from '../../../src/layers/merge/MergeLayer';
import { Multiply } from '../../../src/layers/merge/Multiply';
import { Subtract } from '../../../src/layers/merge/Subtract';
import { gradCheck } from '../../../src/model/gradCheck';
import { Tensor } from '../../../src/tensor/Tensor';
import { expectClose, randomTensor } from '../../helpers/layerChecks';

/** Elementwise oracle: out[i] = f(a[i], b[i], c[i]) written out in plain arithmetic. */
function elementwise(inputs: Tensor[], f: (...v: number[]) => number): Tensor {
  const first = inputs[0] as Tensor;
  const data = new Float64Array(first.size).map((_, i) => f(...inputs.map((t) => t.data[i] as number)));
  return new Tensor(data, first.shape);
}

/** A one-node graph around a merge layer: how merge layers run (they take several inputs). */
function wrap(layer: MergeLayer, shapes: number[][]): Model<ReturnType<typeof Input>[]> {
  const inputs = shapes.map((s, i) => Input(s, { name: `in${i}` }));
  return new Model({ inputs, outputs: layer.apply(inputs) });
}

const cases: [string, () => MergeLayer, number, (...v: number[]) => number][] = [
  ['Add', () => new Add(), 3, (a, b, c) => a! + b! + c!],
  ['Subtract', () => new Subtract(), 2, (a, b) => a! - b!],
  ['Multiply', () => new Multiply(), 3, (a, b, c) => a! * b! * c!],
  ['Average', () => new Average(), 3, (a, b, c) => (a! + b! + c!) / 3],
  ['Maximum', () => new Maximum(), 3, (a, b, c) => Math.max(a!, b!, c!)],
];

describe.each(cases)('%s', (name, make, count, oracle) => {
  const xs = Array.from({ length: count }, (_, k) => randomTensor([4, 3], k + 1, -2, 2));

  it('computes its formula elementwise', () => {
    expectClose(make().forward(xs), elementwise(xs, oracle), 1e-14);
  });

  it('has correct gradients for every input (float64 central differences)', () => {
    const result = gradCheck(wrap(make(), xs.map(() => [3])), xs);
    expect(Object.keys(result.errors)).toEqual(xs.map((_, k) => `input${k}`));
    expect(result.maxRelError).toBeLessThan(1e-6);
  });

  it('round-trips its config', () => {
    const layer = make();
    const rebuilt = buildMergeLayer(JSON.parse(JSON.stringify(layer.toConfig())));
    expect(rebuilt.name).toBe(name);
    expect(rebuilt.toConfig()).toEqual(layer.toConfig());
  });

  it('checks shapes when applied, naming both inputs', () => {
    const a = Input([3], { name: 'a' });
    const b = Input([4], { name: 'b' });
    expect(() => make().apply([a, b])).toThrow(ShapeError);
    expect(() => make().apply([a, b])).toThrow(
      `${name}.apply(a [batch, 3], b [batch, 4]): ${name}: expected inputs of one shape, got inputs[0] (a [batch, 3]) and inputs[1] (b [batch, 4])`,
    );
    expect(() => make().apply([a])).toThrow(`${name}.apply(a [batch, 3]): expected an array of at least 2 inputs, got 1`);
  });
});

describe('Maximum', () => {
  it('sends the gradient of a tie to the first input attaining it', () => {
    const a = Tensor.from([[1, 2]], undefined, 'float64');
    const b = Tensor.from([[1, 3]], undefined, 'float64');
    const layer = new Maximum();
    layer.forward([a, b]);
    const [ga, gb] = layer.backward(Tensor.from([[5, 7]], undefined, 'float64'));
    expect(Array.from(ga!.data)).toEqual([5, 0]);
    expect(Array.from(gb!.data)).toEqual([0, 7]);
  });
});

describe('Subtract', () => {
  it('takes exactly two inputs', () => {
    const xs = [Input([2]), Input([2]), Input([2])];
    expect(() => new Subtract().apply(xs)).toThrow('Subtract: expected 2 inputs, got 3');
  });
});

describe('Concatenate', () => {
  it('joins along the features, the channels or the last axis', () => {
    const a = randomTensor([2, 3]);
    const b = randomTensor([2, 2], 2);
    const y = new Concatenate().forward([a, b]);
    expect(y.toArray()).toEqual((a.toArray() as number[][]).map((row, r) => [...row, ...(b.toArray() as number[][])[r]!]));
    const images = [randomTensor([2, 1, 2, 2], 3), randomTensor([2, 3, 2, 2], 4)];
    const channels = new Concatenate({ axis: 1 }).forward(images);
    expect(channels.shape).toEqual([2, 4, 2, 2]);
    expect(channels.get(1, 2, 1, 0)).toBe(images[1]!.get(1, 1, 1, 0));
    const last = new Concatenate({ axis: -1 }).forward([randomTensor([2, 2, 1]), randomTensor([2, 2, 3], 5)]);
    expect(last.shape).toEqual([2, 2, 4]);
  });

  it('has correct gradients (float64 central differences)', () => {
    const xs = [randomTensor([3, 2, 2, 2]), randomTensor([3, 1, 2, 2], 2), randomTensor([3, 3, 2, 2], 3)];
    const result = gradCheck(wrap(new Concatenate(), [[2, 2, 2], [1, 2, 2], [3, 2, 2]]), xs);
    expect(result.maxRelError).toBeLessThan(1e-6);
    const rows = [randomTensor([3, 2, 2]), randomTensor([3, 2, 1], 2)];
    expect(gradCheck(wrap(new Concatenate({ axis: 2 }), [[2, 2], [2, 1]]), rows).maxRelError).toBeLessThan(1e-6);
  });

  it('round-trips its config and names mismatching inputs', () => {
    expect(buildMergeLayer({ type: 'Concatenate', axis: -1 }).toConfig()).toEqual({ type: 'Concatenate', axis: -1 });
    const a = Input([2, 3, 3], { name: 'a' });
    const b = Input([2, 4, 4], { name: 'b' });
    expect(() => new Concatenate().apply([a, b])).toThrow(
      'Concatenate: expected inputs that agree on every axis but 1, got inputs[0] (a [batch, 2, 3, 3]) and inputs[1] (b [batch, 2, 4, 4])',
    );
    expect(() => new Concatenate({ axis: 0 })).toThrow(ConfigError);
  });
});
