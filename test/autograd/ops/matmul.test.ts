import * as math from 'mathjs';
import { Tensor, Var } from '../../../src';
import { expectClose, randomTensor } from '../../helpers/layerChecks';
import { expectVarGradients } from '../../helpers/varChecks';

/** The oracle: mathjs's product, per batch entry. */
function product(a: Tensor, b: Tensor, batch: number | undefined): number[][] | number[][][] {
  const pick = (t: Tensor, i: number): number[][] =>
    (t.rank === 3 ? (t.toArray() as number[][][])[i] : t.toArray()) as number[][];
  if (batch === undefined) return math.multiply(pick(a, 0), pick(b, 0)) as number[][];
  return Array.from({ length: batch }, (_, i) => math.multiply(pick(a, i), pick(b, i)) as number[][]);
}

describe('matmul', () => {
  const cases: [string, number[], number[], number | undefined][] = [
    ['[m,k]·[k,n]', [3, 4], [4, 5], undefined],
    ['[b,m,k]·[b,k,n]', [2, 3, 4], [2, 4, 5], 2],
    ['[b,m,k]·[k,n]', [2, 3, 4], [4, 5], 2],
    ['[m,k]·[b,k,n]', [3, 4], [2, 4, 5], 2],
  ];
  test.each(cases)('%s: forward against mathjs and float64 gradients of both operands', (_, sa, sb, batch) => {
    const a = randomTensor(sa, 1);
    const b = randomTensor(sb, 2);
    expectClose(new Var(a).matmul(new Var(b)).value, product(a, b, batch), 1e-12);
    expectVarGradients((x, y) => x.matmul(y), [a, b]);
  });

  test('a Tensor operand is a constant; the Var still gets its gradient', () => {
    const x = Var.from([[1, 2]], { requiresGrad: true });
    x.matmul(Tensor.from([[3], [4]], undefined, 'float64')).sum().backward();
    expectClose(x.grad!, [[3, 4]]);
  });

  test('float32 products run on the selected backend and agree with float64', () => {
    const a = randomTensor([5, 7], 3);
    const b = randomTensor([7, 6], 4);
    expectClose(new Var(a.astype('float32')).matmul(b.astype('float32')).value, new Var(a).matmul(b).value, 1e-5);
  });

  test('mismatched shapes name both', () => {
    expect(() => Var.from([[1, 2]]).matmul(Var.from([[1, 2]]))).toThrow(
      'Var.matmul: expected [m, k]·[k, n], [b, m, k]·[b, k, n], [b, m, k]·[k, n] or [m, k]·[b, k, n], got [1, 2]·[1, 2]',
    );
    expect(() => new Var(Tensor.zeros([2, 1, 2])).matmul(Tensor.zeros([3, 2, 1]))).toThrow('got [2, 1, 2]·[3, 2, 1]');
    expect(() => Var.from([1, 2]).matmul(Var.from([1, 2]))).toThrow('got [2]·[2]');
  });
});
