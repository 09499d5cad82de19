import { join } from 'node:path';
import {
  buildLayer, ConfigError, DataError, exportOnnx, exportTfjs, loadModel, registerLayer, saveModel, Sequential, Tensor,
  unregisterLayer, validateConfig, type CustomLayerConfig, type Layer, type Param, type Shape,
} from '../../src';
import { removeDir, temporaryDir } from '../interop/tfjsHarness';
import { expectClose, expectGradientsCorrect } from '../helpers/layerChecks';

/** A user layer with one learnable scalar: y = a·x (a starts at `init`). Implements Layer without a cast. */
class Scale implements Layer {
  readonly name = 'Scale';
  training = true;
  readonly a: Param;
  private input: Tensor | undefined;

  constructor(readonly init: number) {
    this.a = { name: 'a', value: Tensor.from([init], undefined, 'float64'), grad: Tensor.zeros([1], 'float64') };
  }

  forward(x: Tensor): Tensor {
    this.input = x;
    const a = this.a.value.data[0] as number;
    return new Tensor(x.data.map((v) => a * v), x.shape);
  }

  backward(gradOut: Tensor): Tensor {
    const x = this.input as Tensor;
    let sum = 0;
    gradOut.data.forEach((g, i) => {
      sum += g * (x.data[i] as number);
    });
    this.a.grad.data[0] = (this.a.grad.data[0] as number) + sum;
    const a = this.a.value.data[0] as number;
    return new Tensor(gradOut.data.map((g) => a * g), gradOut.shape);
  }

  paramGrads(): readonly Param[] {
    return [this.a];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  toConfig(): CustomLayerConfig {
    return { type: 'Scale', init: this.init };
  }
}

describe('registerLayer', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir('kubiki-register-');
    registerLayer('Scale', (config) => new Scale(config.init as number));
  });
  afterEach(() => {
    unregisterLayer('Scale');
    removeDir(dir);
  });

  it('lets buildLayer build the user type from its config, and the layer has correct gradients', () => {
    const layer = buildLayer({ type: 'Scale', init: 1.5 });
    expect(layer).toBeInstanceOf(Scale);
    expectClose(layer.forward(Tensor.from([1, -2], undefined, 'float64')), [1.5, -3], 1e-15);
    expectGradientsCorrect(layer, Tensor.from([[0.3, -0.7]], undefined, 'float64'));
  });

  it('saves and loads a model with a user layer, weights included', () => {
    const model = new Sequential([buildLayer({ type: 'Linear', inputSize: 2, outputSize: 2 }), new Scale(2)]);
    model.paramGrads()[2]!.value.data[0] = -0.75;
    const path = join(dir, 'model.kubiki.json');
    saveModel(model, path);
    const loaded = loadModel(path);
    expect(loaded.layers[1]).toBeInstanceOf(Scale);
    const x = Tensor.from([[1, 2]]);
    expectClose(loaded.forward(x), model.forward(x), 0);
  });

  it('makes a model file naming an unregistered type a DataError that says which type and how to register it', () => {
    const path = join(dir, 'model.kubiki.json');
    saveModel(new Sequential([new Scale(2)]), path);
    unregisterLayer('Scale');
    expect(() => loadModel(path)).toThrow(DataError);
    expect(() => loadModel(path)).toThrow(
      `${path}: layers[0].type: unknown layer "Scale"; expected one of Linear, ReLU, LeakyReLU, PReLU,`,
    );
    expect(() => loadModel(path)).toThrow(
      'if it is your own layer type, register it with registerLayer("Scale", (config) => new YourLayer(…)) before building or loading the model',
    );
    expect(() => buildLayer({ type: 'Scale' })).toThrow('buildLayer: unknown layer type "Scale"; register it with registerLayer("Scale"');
  });

  it('is consulted by config validation after the built-ins', () => {
    const config = {
      model: { inputShape: [3], layers: [{ type: 'Linear', outputSize: 2 }, { type: 'Scale', init: 0.5 }] },
      loss: { type: 'MSELoss' },
      optimizer: { type: 'SGD', lr: 0.1 },
      data: { train: 'train.csv' },
    };
    expect(validateConfig(config, 'cfg.json').model.layers[1]).toEqual({ type: 'Scale', init: 0.5 });
    unregisterLayer('Scale');
    expect(() => validateConfig(config, 'cfg.json')).toThrow('model.layers[1].type: unknown layer "Scale"');
  });

  it('refuses a built-in type name, an empty name and a factory that is not a function', () => {
    expect(() => registerLayer('ReLU', () => new Scale(1))).toThrow(ConfigError);
    expect(() => registerLayer('ReLU', () => new Scale(1))).toThrow('registerLayer: "ReLU" is a built-in layer type; give your layer another name');
    expect(() => registerLayer('', () => new Scale(1))).toThrow('registerLayer: expected type to be a non-empty string, got ""');
    expect(() => registerLayer('X', 3 as unknown as () => Layer)).toThrow('registerLayer: expected fromConfig to be a function');
  });

  it('is refused by the exporters with a message naming the type', () => {
    const model = new Sequential([buildLayer({ type: 'Linear', inputSize: 2, outputSize: 2 }), new Scale(2)]);
    const message = /layers\[1\] \(Scale\) has no (ONNX|Keras\/TF\.js) export: it is a user layer type \(registerLayer\)/;
    expect(() => exportOnnx(model, join(dir, 'm.onnx'))).toThrow(message);
    expect(() => exportTfjs(model, dir)).toThrow(message);
  });
});
