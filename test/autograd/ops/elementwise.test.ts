import { Tensor, Var } from '../../../src';
import { expectClose, randomTensor } from '../../helpers/layerChecks';
import { expectVarGradients } from '../../helpers/varChecks';

const v = (values: number[][] | number[]): Var => Var.from(values);

/** The oracle: NumPy broadcasting written out for two 2-D shapes. */
function broadcast2d(a: number[][], b: number[][], fn: (x: number, y: number) => number): number[][] {
  const rows = Math.max(a.length, b.length);
  const cols = Math.max(a[0]!.length, b[0]!.length);
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => fn(a[a.length === 1 ? 0 : r]![a[0]!.length === 1 ? 0 : c]!, b[b.length === 1 ? 0 : r]![b[0]!.length === 1 ? 0 : c]!)),
  );
}

describe('binary ops broadcast like NumPy', () => {
  const a = [[1, -2, 3], [0.5, 4, -6]];
  const col = [[2], [-4]];
  const row = [[10, 20, 30]];
  const cases: [string, (x: Var, y: Var) => Var, (x: number, y: number) => number][] = [
    ['add', (x, y) => x.add(y), (x, y) => x + y],
    ['sub', (x, y) => x.sub(y), (x, y) => x - y],
    ['mul', (x, y) => x.mul(y), (x, y) => x * y],
    ['div', (x, y) => x.div(y), (x, y) => x / y],
  ];
  test.each(cases)('%s: forward against the broadcast formula, [2,3] with [2,1], [1,3] and [3]', (_, op, fn) => {
    expectClose(op(v(a), v(col)).value, broadcast2d(a, col, fn));
    expectClose(op(v(a), v(row)).value, broadcast2d(a, row, fn));
    expectClose(op(v(a), v(row[0]!)).value, broadcast2d(a, row, fn));
    expectClose(op(v(col), v(row)).value, broadcast2d(col, row, fn)); // [2,1] with [1,3] → [2,3]
  });

  test.each(cases)('%s: float64 gradients for same shapes, broadcast operands on either side and scalars', (_, op) => {
    const x = randomTensor([2, 3, 4], 1);
    const away = (t: Tensor): Tensor => Tensor.from(Array.from(t.data, (u) => u + Math.sign(u) * 0.5), t.shape, 'float64');
    expectVarGradients(op, [x, randomTensor([2, 3, 4], 2)]);
    expectVarGradients(op, [x, away(randomTensor([3, 1], 3))]);
    expectVarGradients(op, [away(randomTensor([4], 4)), away(x)]);
    expectVarGradients(op, [randomTensor([2, 1, 4], 5), away(randomTensor([3, 1], 6))]);
    expectVarGradients(op, [x, away(randomTensor([], 7))]);
  });

  test('a number or a Tensor is a constant operand', () => {
    const x = Var.from([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2).add(Tensor.from([1, 1, 1], [3], 'float64')).sub(0.5).div(4);
    expectClose(y.value, [(2 + 1 - 0.5) / 4, (4 + 0.5) / 4, (6 + 0.5) / 4]);
    y.sum().backward();
    expectClose(x.grad!, [0.5, 0.5, 0.5]);
  });

  test('shapes that do not broadcast name both', () => {
    expect(() => v([[1, 2, 3]]).add(v([1, 2]))).toThrow(
      'Var.add: expected shapes that broadcast (equal sizes or 1, aligned on the right), got [1, 3] and [2]',
    );
  });

  test('float32 and float64 operands give float64', () => {
    const y = new Var(Tensor.from([1, 2])).mul(Var.from([0.1, 0.2]));
    expect(y.dtype).toBe('float64');
    expectClose(y.value, [0.1, 0.4], 1e-15);
  });
});

describe('unary ops', () => {
  const x = [[0.3, -1.2, 2.5], [-0.7, 1.9, -2.2]];
  const cases: [string, (t: Var) => Var, (u: number) => number, number[][]?][] = [
    ['neg', (t) => t.neg(), (u) => -u],
    ['exp', (t) => t.exp(), Math.exp],
    ['log', (t) => t.abs().log(), (u) => Math.log(Math.abs(u))],
    ['sqrt', (t) => t.abs().sqrt(), (u) => Math.sqrt(Math.abs(u))],
    ['abs', (t) => t.abs(), Math.abs],
    ['tanh', (t) => t.tanh(), Math.tanh],
    ['sigmoid', (t) => t.sigmoid(), (u) => 1 / (1 + Math.exp(-u))],
    ['relu', (t) => t.relu(), (u) => Math.max(u, 0)],
    ['pow(3)', (t) => t.pow(3), (u) => u ** 3],
    ['pow(-1.5) of |x|', (t) => t.abs().pow(-1.5), (u) => Math.abs(u) ** -1.5],
    ['pow(0)', (t) => t.pow(0), () => 1],
  ];
  test.each(cases)('%s: forward against Math and a float64 gradient check', (_, op, fn) => {
    expectClose(op(v(x)).value, x.map((row) => row.map(fn)), 1e-12);
    // Values kept away from the kinks of abs and relu at 0.
    const input = Tensor.from(Array.from(randomTensor([3, 4], 11).data, (u) => u + Math.sign(u) * 0.2), [3, 4], 'float64');
    expectVarGradients(op, [input]);
  });

  test('relu and abs have gradient 0 at 0 (PyTorch)', () => {
    const x0 = Var.from([0, 0], { requiresGrad: true });
    x0.relu().add(x0.abs()).sum().backward();
    expectClose(x0.grad!, [0, 0]);
  });

  test('pow with a non-number exponent is a clear error', () => {
    expect(() => v([1]).pow(Number.NaN)).toThrow('Var.pow: expected a finite number exponent, got NaN');
  });
});
