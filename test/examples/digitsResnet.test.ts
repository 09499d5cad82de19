import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Residual } from '../../src/containers/Residual';
import { buildLayer } from '../../src/layers/buildLayer';
import { Sequential } from '../../src/model/Sequential';
import { createRng } from '../../src/tensor/rng';
import { trainAndTest } from '../helpers/trainConfig';

/*
 * examples/digits-resnet/model.json trained through the library alone, as `kubiki train` does: a
 * stem convolution, an identity residual block, max pooling, a residual block whose 1×1
 * convolution shortcut doubles the channels, global average pooling and a Linear head.
 */
describe('examples/digits-resnet', () => {
  const config = loadConfig(join(__dirname, '..', '..', 'examples', 'digits-resnet', 'model.json'));

  it('is a residual CNN with sizes inferred inside the blocks', () => {
    expect(config.model.layers.map((layer) => layer.type)).toEqual([
      'Reshape', 'Conv2D', 'BatchNorm2D', 'ReLU', 'Residual', 'ReLU', 'MaxPool2D', 'Residual', 'ReLU', 'GlobalAvgPool2D', 'Linear',
    ]);
    expect(config.model.shapes.map((shape) => shape.slice(1))).toEqual([
      [1, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 8, 8], [16, 4, 4], [32, 4, 4], [32, 4, 4], [32], [10],
    ]);
    const model = new Sequential(config.model.layers.map((layer) => buildLayer(layer, createRng(0))));
    const down = model.layers[7] as Residual;
    expect(down.shortcut?.toConfig().type).toBe('Sequential');
    expect(model.paramGrads().map((p) => p.name)).toContain('7.shortcut.0.weight');
  });

  it('reaches ≥ 0.985 accuracy on digits-test.csv with its fixed seed', () => {
    const result = trainAndTest(config);
    expect(result.testRows).toBe(359);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.985);
  }, 300_000);
});
