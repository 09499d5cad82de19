import { ConfigError } from '../errors';
import { scale } from '../kernels';
import { globalRng, type Rng } from '../tensor/rng';
import { Tensor, type DType, type Shape } from '../tensor/Tensor';

/** Weight initialisers by name (Glorot & Bengio 2010; He et al. 2015; LeCun 1998). */
export const INITS = ['xavierUniform', 'xavierNormal', 'heUniform', 'heNormal', 'lecunNormal', 'zeros'] as const;
export type Init = (typeof INITS)[number];

/**
 * A weight tensor of `shape` drawn for a layer with the given fan-in and fan-out:
 * xavierUniform U(±√(6/(in+out))), xavierNormal N(0, 2/(in+out)), heUniform U(±√(6/in)),
 * heNormal N(0, 2/in), lecunNormal N(0, 1/in), zeros.
 */
export function initWeight(
  init: Init,
  shape: Shape,
  fanIn: number,
  fanOut: number,
  rng: Rng = globalRng(),
  dtype: DType = 'float32',
): Tensor {
  switch (init) {
    case 'xavierUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return Tensor.uniform(shape, -limit, limit, rng, dtype);
    }
    case 'xavierNormal':
      return scaled(Tensor.randn(shape, rng, dtype), Math.sqrt(2 / (fanIn + fanOut)));
    case 'heUniform': {
      const limit = Math.sqrt(6 / fanIn);
      return Tensor.uniform(shape, -limit, limit, rng, dtype);
    }
    case 'heNormal':
      return scaled(Tensor.randn(shape, rng, dtype), Math.sqrt(2 / fanIn));
    case 'lecunNormal':
      return scaled(Tensor.randn(shape, rng, dtype), Math.sqrt(1 / fanIn));
    case 'zeros':
      return Tensor.zeros(shape, dtype);
    default: {
      const never: never = init;
      throw new ConfigError(`init: unknown initialiser ${JSON.stringify(never)}; expected one of ${INITS.join(', ')}`);
    }
  }
}

function scaled(t: Tensor, factor: number): Tensor {
  scale(t.data, factor, t.data);
  return t;
}
