import type { Sequential } from '../model/Sequential';
import type { Shape } from '../tensor/Tensor';
import { platform } from '../platform';
import { resolveInputShape } from './inputShape';
import { builtInConfig } from '../layers/buildLayer';
import { checkTfjsRecurrent, isRecurrent } from './kerasRecurrent';
import { toKerasLayers } from './toKerasLayers';
import { encodeWeights } from './weightsBinary';

export interface ExportTfjsOptions {
  /** One sample's shape without the batch; defaults to model.metadata.inputShape, else inferred from the layers. */
  inputShape?: Shape;
}

/** A TensorFlow.js layers model in memory: the two files exportTfjs writes. */
export interface TfjsArtifacts {
  /** The content of model.json (its weightsManifest points at "weights.bin"). */
  modelJson: Record<string, unknown>;
  /** The content of weights.bin. */
  weightsBin: Uint8Array;
}

/**
 * Writes `model` as a TensorFlow.js layers model into the directory `dir`: `model.json`
 * (`format: "layers-model"`, a Keras Sequential topology, the weights manifest) and `weights.bin`
 * (little-endian float32 in manifest order). `tf.loadLayersModel('file://dir/model.json')` reads
 * it; so does `importTfjs(dir)`. Each file is written atomically, weights first, so a model.json
 * never points at missing weights. float64 weights are stored as float32. `model.metadata` goes into
 * `userDefinedMetadata.kubiki`. Node only; in a browser use tfjsArtifacts.
 */
export function exportTfjs(model: Sequential, dir: string, options: ExportTfjsOptions = {}): void {
  const files = platform.files('exportTfjs');
  const { modelJson, weightsBin } = encodeTfjs(model, options, 'exportTfjs');
  files.writeAtomic(platform.path.join(dir, 'weights.bin'), weightsBin, 'exportTfjs');
  files.writeAtomic(platform.path.join(dir, 'model.json'), JSON.stringify(modelJson, null, 1), 'exportTfjs');
}

/**
 * exportTfjs's two files in memory, for a page (offer them as downloads) or a server;
 * `importKerasJson(modelJson, weightsBin)` reads them back.
 */
export function tfjsArtifacts(model: Sequential, options: ExportTfjsOptions = {}): TfjsArtifacts {
  return encodeTfjs(model, options, 'tfjsArtifacts');
}

function encodeTfjs(model: Sequential, options: ExportTfjsOptions, where: string): TfjsArtifacts {
  const inputShape = resolveInputShape(model, options.inputShape, where);
  model.layers.forEach((layer, i) => {
    const config = builtInConfig(layer.toConfig());
    const recurrent = config?.type === 'Bidirectional' ? config.layer : config;
    if (recurrent !== undefined && isRecurrent(recurrent)) checkTfjsRecurrent(recurrent, where, `layers[${i}]`);
  });
  const keras = toKerasLayers(model.layers, inputShape, where);
  const { specs, bytes } = encodeWeights(keras.weights);
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'kubiki',
    convertedBy: null,
    modelTopology: { ...keras.model, backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    // TF.js keeps userDefinedMetadata as is; importTfjs restores model.metadata (class names, …) from it.
    userDefinedMetadata: { kubiki: model.metadata },
  };
  return { modelJson, weightsBin: bytes };
}
