import { ConfigError } from '../errors';
import type { Layer } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import type { Shape } from '../tensor/Tensor';
import type { JsonObject, KerasLayerJson } from './kerasJson';
import { layerTensor } from './layerWeights';
import type { NamedWeight } from './weightsBinary';

/*
 * kubiki layers → a Keras Sequential config (snake_case, as Keras and TF.js write it) and the
 * weights in Keras layout, in the order TF.js's weightsManifest lists them.
 */

export interface KerasExport {
  /** `{ class_name: 'Sequential', config: { name, layers } }` */
  readonly model: KerasLayerJson;
  readonly weights: readonly NamedWeight[];
}

/**
 * The Keras activation string for an activation layer, or undefined when it has none. GELU has
 * none that loads: Keras's and TF.js's 'gelu' is the exact erf form, kubiki's the tanh form, and
 * TF.js 4.22 cannot deserialize its tanh form 'gelu_new'.
 */
function kerasActivation(config: LayerConfig): string | undefined {
  switch (config.type) {
    case 'ReLU':
      return 'relu';
    case 'Sigmoid':
      return 'sigmoid';
    case 'Tanh':
      return 'tanh';
    case 'Softmax':
      return 'softmax';
    case 'LogSoftmax':
      return 'log_softmax';
    case 'Softplus':
      return 'softplus';
    case 'ELU':
      return (config.alpha ?? 1) === 1 ? 'elu' : undefined;
    default:
      return undefined;
  }
}

/**
 * Converts `layers` (their configs and weights) to Keras. `inputShape` is one sample's shape without
 * the batch; it becomes `batch_input_shape: [null, ...inputShape]` on the first layer. A Linear
 * followed by an activation layer becomes one Dense with that `activation`. `where` names the
 * caller in errors.
 */
export function toKerasLayers(layers: readonly Layer[], inputShape: Shape, where: string): KerasExport {
  const kerasLayers: KerasLayerJson[] = [];
  const weights: NamedWeight[] = [];
  const counts = new Map<string, number>();
  const uniqueName = (className: string): string => {
    const base = className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return `${base}_${n}`;
  };
  const push = (className: string, config: JsonObject): string => {
    const name = uniqueName(className);
    const layerConfig: JsonObject = { name, trainable: true, dtype: 'float32' };
    if (kerasLayers.length === 0) layerConfig.batch_input_shape = [null, ...inputShape];
    kerasLayers.push({ class_name: className, config: { ...layerConfig, ...config } });
    return name;
  };
  const addWeight = (layerName: string, weightName: string, layer: Layer, param: string): void => {
    const tensor = layerTensor(layer, param);
    weights.push({ name: `${layerName}/${weightName}`, shape: tensor.shape, data: tensor.data });
  };

  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const config = layer.toConfig();
    switch (config.type) {
      case 'Linear': {
        const next = layers[i + 1]?.toConfig();
        const activation = next === undefined ? undefined : kerasActivation(next);
        if (activation !== undefined) i++; // folded into this Dense
        const name = push('Dense', {
          units: config.outputSize,
          activation: activation ?? 'linear',
          use_bias: config.bias ?? true,
        });
        addWeight(name, 'kernel', layer, 'weight');
        if (config.bias ?? true) addWeight(name, 'bias', layer, 'bias');
        break;
      }
      case 'LeakyReLU':
        push('LeakyReLU', { alpha: config.slope ?? 0.01 });
        break;
      case 'ELU':
        if ((config.alpha ?? 1) === 1) push('Activation', { activation: 'elu' });
        else push('ELU', { alpha: config.alpha ?? 1 });
        break;
      case 'Identity':
        push('Activation', { activation: 'linear' });
        break;
      case 'Dropout':
        push('Dropout', { rate: config.p });
        break;
      case 'Flatten':
        // channels_last means "no transpose before flattening": kubiki flattens row-major.
        push('Flatten', { data_format: 'channels_last' });
        break;
      default: {
        const activation = kerasActivation(config);
        if (activation === undefined) {
          throw new ConfigError(
            `${where}: layers[${i}] (${config.type}) has no Keras/TF.js layers equivalent` +
              (config.type === 'GELU'
                ? " (Keras's 'gelu' is the exact erf form, kubiki's GELU the tanh form); export to ONNX instead"
                : '; export to ONNX instead, or replace the layer'),
          );
        }
        push('Activation', { activation });
      }
    }
  }
  return {
    model: { class_name: 'Sequential', config: { name: 'sequential', layers: kerasLayers as unknown as JsonObject[] } },
    weights,
  };
}
