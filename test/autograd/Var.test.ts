import { KubikiError, ShapeError, Tensor, Var, noGrad } from '../../src';
import { expectClose, randomTensor } from '../helpers/layerChecks';
import { expectVarGradients } from '../helpers/varChecks';

describe('Var: the tape', () => {
  test('a leaf: value, shape, dtype; Var.from defaults to float64', () => {
    const x = Var.from([[1, 2, 3]], { requiresGrad: true });
    expect(x.shape).toEqual([1, 3]);
    expect(x.dtype).toBe('float64');
    expect(x.requiresGrad).toBe(true);
    expect(x.isLeaf).toBe(true);
    expect(x.grad).toBeUndefined();
    const t = Tensor.from([1, 2]);
    expect(new Var(t).value).toBe(t);
    expect(new Var(t).requiresGrad).toBe(false);
  });

  test('fan-out: a value used by several ops gets the sum of their gradients', () => {
    // y = x·x + 3x + exp(x): dy/dx = 2x + 3 + exp(x)
    const x = Var.from([0.5, -1, 2], { requiresGrad: true });
    const y = x.mul(x).add(x.mul(3)).add(x.exp());
    y.sum().backward();
    expectClose(x.grad!, [0.5, -1, 2].map((u) => 2 * u + 3 + Math.exp(u)), 1e-14);
  });

  test('a diamond graph (shared intermediate) is walked once, in topological order', () => {
    // h = tanh(x); y = h·h + sin-free mix; dy/dx = (2h + 1)(1 − h²)
    const x = Var.from([0.3, -0.8], { requiresGrad: true });
    const h = x.tanh();
    h.mul(h).add(h).sum().backward();
    const expected = [0.3, -0.8].map((u) => (2 * Math.tanh(u) + 1) * (1 - Math.tanh(u) ** 2));
    expectClose(x.grad!, expected, 1e-14);
    expectVarGradients((a) => {
      const s = a.sigmoid();
      return s.mul(a).add(s.pow(2)).sub(s.exp().mul(a.tanh()));
    }, [randomTensor([3, 2], 1)]);
  });

  test('leaf gradients accumulate across backward calls until zeroGrad', () => {
    const x = Var.from([1, 2], { requiresGrad: true });
    x.mul(2).sum().backward();
    x.mul(3).sum().backward();
    expectClose(x.grad!, [5, 5]);
    x.zeroGrad();
    expect(x.grad).toBeUndefined();
  });

  test('backward with an explicit gradient for a non-scalar output', () => {
    const x = Var.from([1, 2, 3], { requiresGrad: true });
    x.mul(x).backward(Tensor.from([1, 0, -1], [3], 'float64'));
    expectClose(x.grad!, [2, 0, -6]);
  });

  test('constants get no gradient and record nothing; noGrad records nothing', () => {
    const x = Var.from([1, 2], { requiresGrad: true });
    const c = Var.from([3, 4]);
    const y = x.mul(c);
    expect(y.requiresGrad).toBe(true);
    expect(c.mul(2).requiresGrad).toBe(false);
    expect(noGrad(() => x.mul(c)).requiresGrad).toBe(false);
    expect(x.detach().requiresGrad).toBe(false);
    y.sum().backward();
    expect(c.grad).toBeUndefined();
  });

  test('clear errors: backward on a constant, a non-scalar without a gradient, twice through one graph', () => {
    expect(() => Var.from([1]).backward()).toThrow(KubikiError);
    const x = Var.from([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(
      new ShapeError('Var.backward: expected a value with one element (a loss) when no gradient is given, got shape [2]; pass backward(gradient) of that shape'),
    );
    expect(() => x.mul(2).backward(Tensor.zeros([3]))).toThrow('Var.backward: expected a gradient of shape [2], got [3]');
    const loss = x.mul(x).sum();
    loss.backward();
    expect(() => loss.backward()).toThrow('this graph was already used by a backward pass and has been freed');
    expect(() => new Var([1, 2] as unknown as Tensor)).toThrow('Var: expected a Tensor, got object');
    expect(() => x.add('1' as unknown as number)).toThrow('Var: expected an operand that is a Var, a Tensor or a number, got string');
  });

  test('item and toArray', () => {
    expect(Var.from([[1, 2]]).sum().item()).toBe(3);
    expect(Var.from([[1, 2]]).toArray()).toEqual([[1, 2]]);
    expect(() => Var.from([1, 2]).item()).toThrow('Var.item: expected a value with one element, got shape [2]');
  });
});
