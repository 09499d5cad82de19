import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError, KubikiError, Linear, Module, Sequential, Tensor, buildLayer, createRng, loadModel, registerLayer,
  saveModel, unregisterLayer, type Var,
} from '../../src';
import { expectClose } from '../helpers/layerChecks';

/* A Module saved and loaded through the model file, rebuilt by registerLayer from its toConfig(). */

class Swish extends Module {
  beta = this.param('beta', Tensor.from([1]));
  call(x: Var): Var {
    return x.mul(x.mul(this.beta).sigmoid());
  }
}

class RMSNorm extends Module {
  weight: Var;
  constructor(readonly features: number, readonly eps = 1e-6) {
    super({ features, eps });
    this.weight = this.param('weight', Tensor.ones([features]));
  }
  call(x: Var): Var {
    return x.div(x.pow(2).mean(-1, true).add(this.eps).sqrt()).mul(this.weight);
  }
}

describe('Module in the model file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubiki-module-'));
  });
  afterEach(() => {
    unregisterLayer('Swish');
    unregisterLayer('RMSNorm');
    rmSync(dir, { recursive: true, force: true });
  });

  test('registerLayer round trip: saveModel → loadModel gives the same layers, weights and outputs', () => {
    registerLayer('Swish', () => new Swish());
    registerLayer('RMSNorm', (config) => new RMSNorm(config.features as number, config.eps as number));
    const rng = createRng(1);
    const model = new Sequential([new Linear(3, 4, { rng }), new Swish(), new RMSNorm(4, 1e-5), new Linear(4, 2, { rng })]);
    model.paramGrads()[2]!.value.data[0] = 1.7; // 1.beta
    model.paramGrads()[3]!.value.data.set([0.5, 1, 1.5, 2]); // 2.weight
    const path = join(dir, 'model.kubiki.json');
    saveModel(model, path);
    const loaded = loadModel(path);
    expect(loaded.layers[1]).toBeInstanceOf(Swish);
    expect(loaded.layers[2]).toBeInstanceOf(RMSNorm);
    expect(loaded.layers[2]!.toConfig()).toEqual({ type: 'RMSNorm', features: 4, eps: 1e-5 });
    expect(loaded.paramGrads().map((p) => p.name)).toEqual(['0.weight', '0.bias', '1.beta', '2.weight', '3.weight', '3.bias']);
    const x = Tensor.uniform([5, 3], -1, 1, createRng(2));
    expectClose(loaded.forward(x), model.forward(x), 0);
    expect(buildLayer({ type: 'Swish' })).toBeInstanceOf(Swish);
  });

  test('saving an unregistered Module is a KubikiError and leaves an existing file untouched', () => {
    const path = join(dir, 'model.kubiki.json');
    writeFileSync(path, 'the previous model');
    const model = new Sequential([new Linear(2, 2), new Swish()]);
    expect(() => saveModel(model, path)).toThrow(ConfigError);
    expect(() => saveModel(model, path)).toThrow(KubikiError);
    expect(() => saveModel(model, path)).toThrow(
      'layers[1] (Swish): the layer type "Swish" is not registered, so the saved model could not be loaded; register it with registerLayer("Swish", (config) => new YourLayer(…)) before saving the model',
    );
    expect(readFileSync(path, 'utf8')).toBe('the previous model');
  });
});
