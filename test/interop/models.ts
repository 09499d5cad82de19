import { AvgPool2D } from '../../src/layers/AvgPool2D';
import { BatchNorm1D } from '../../src/layers/BatchNorm1D';
import { BatchNorm2D } from '../../src/layers/BatchNorm2D';
import { Conv2D } from '../../src/layers/Conv2D';
import { Flatten } from '../../src/layers/Flatten';
import { GlobalAvgPool2D } from '../../src/layers/GlobalAvgPool2D';
import { LayerNorm } from '../../src/layers/LayerNorm';
import { Linear } from '../../src/layers/Linear';
import { MaxPool2D } from '../../src/layers/MaxPool2D';
import { ReLU } from '../../src/layers/ReLU';
import { Reshape } from '../../src/layers/Reshape';
import { Softmax } from '../../src/layers/Softmax';
import { Tanh } from '../../src/layers/Tanh';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/Tensor';

/* Convolutional test models shared by the ONNX and TF.js tests. */

/** Every parameter and buffer random (variances positive), so a swapped or ignored tensor shows. */
export function randomized(model: Sequential, seed: number): Sequential {
  const rng = createRng(seed);
  for (const t of [...model.paramGrads(), ...model.buffers()]) {
    const [low, high] = t.name.endsWith('runningVar') ? [0.5, 1.5] : [-0.8, 0.8];
    t.value.data.set(Tensor.uniform(t.value.shape, low, high, rng).data);
  }
  return model;
}

/** Conv2D with padding, 'same' and stride; both BatchNorms and LayerNorm; every pooling. */
export function cnn(seed: number): Sequential {
  const model = new Sequential([
    new Conv2D(1, 4, 3, { padding: 1 }),
    new BatchNorm2D(4),
    new ReLU(),
    new MaxPool2D(2),
    new Conv2D(4, 6, 3, { padding: 'same', stride: 2 }),
    new LayerNorm([6, 2, 2]),
    new GlobalAvgPool2D(),
    new BatchNorm1D(6),
    new Linear(6, 3),
    new Softmax(),
  ]);
  model.metadata.inputShape = [1, 8, 8];
  return randomized(model, seed);
}

/** Rectangular kernels and strides without padding, AvgPool2D, Flatten, Reshape, LayerNorm on the last axis. */
export function cnn2(seed: number): Sequential {
  const model = new Sequential([
    new Conv2D(2, 3, [3, 2], { stride: [1, 2], bias: false }),
    new Tanh(),
    new AvgPool2D(2),
    new Flatten(),
    new Reshape([3, 6]),
    new LayerNorm(6),
    new Flatten(),
    new Linear(18, 4),
  ]);
  model.metadata.inputShape = [2, 9, 8];
  return randomized(model, seed);
}

