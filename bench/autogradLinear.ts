import { Module, Tensor, type Var } from '../src';
import type { Rng } from '../src/tensor/rng';

/**
 * The built-in Linear written as a Module: Y = X·W + b from two autograd ops. The bench trains
 * the same MLP with it and with Linear to show what the tape costs.
 */
export class AutogradLinear extends Module {
  readonly weight: Var;
  readonly bias: Var;

  constructor(inputSize: number, outputSize: number, rng: Rng) {
    super({ inputSize, outputSize });
    // He-uniform, as the bench's built-in MLP.
    const limit = Math.sqrt(6 / inputSize);
    this.weight = this.param('weight', Tensor.uniform([inputSize, outputSize], -limit, limit, rng));
    this.bias = this.param('bias', Tensor.zeros([outputSize]));
  }

  call(x: Var): Var {
    return x.matmul(this.weight).add(this.bias);
  }
}
