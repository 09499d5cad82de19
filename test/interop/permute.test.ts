import { FROM_KERAS_KERNEL, permute, TO_KERAS_KERNEL } from '../../src/interop/permute';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

describe('permute', () => {
  test('a 2-D transpose and a 3-D axis order, against hand-written index arithmetic', () => {
    expect(permute([1, 2, 3, 4, 5, 6], [2, 3], [1, 0])).toEqual({ data: Float32Array.of(1, 4, 2, 5, 3, 6), shape: [3, 2] });
    const data = Array.from({ length: 24 }, (_, i) => i);
    const { data: out, shape } = permute(data, [2, 3, 4], [2, 0, 1]);
    expect(shape).toEqual([4, 2, 3]);
    for (let k = 0; k < 4; k++) for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) {
      expect(out[k * 6 + a * 3 + b]).toBe(a * 12 + b * 4 + k);
    }
  });

  test('the Keras kernel orders are inverse to each other', () => {
    const kernel = Tensor.uniform([5, 3, 2, 4], -1, 1, createRng(1));
    const keras = permute(kernel.data, kernel.shape, TO_KERAS_KERNEL);
    expect(keras.shape).toEqual([2, 4, 3, 5]);
    const back = permute(keras.data, keras.shape, FROM_KERAS_KERNEL);
    expect(back.shape).toEqual([5, 3, 2, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(kernel.data));
  });
});
