import { Sequential } from '../model/Sequential';
import type { AnyModel } from '../graph/Model';
import type { Layer } from '../layers/Layer';
import { sublayersOf } from '../graph/uses';
import type { Shape } from '../tensor/Tensor';
import { platform } from '../platform';
import { resolveInputShape } from './inputShape';
import { builtInConfig } from '../layers/buildLayer';
import type { CustomLayerConfig } from '../layers/Layer';
import type { LayerConfig } from '../layers/LayerConfig';
import { checkTfjsRecurrent, isRecurrent } from './kerasRecurrent';
import { toKerasGraph, toKerasLayers, type KerasExport } from './toKerasLayers';
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
 *
 * A graph Model, or a Sequential holding containers, is written as a Keras functional model
 * ("Model" with InputLayers and inbound_nodes): merge layers and containers become Keras's Add,
 * Multiply, Average, Maximum and Concatenate (TF.js has no Subtract: refused). A layer shared by
 * several nodes is written once with one inbound node per use, as Keras writes shared layers.
 */
export function exportTfjs(model: Sequential | AnyModel, dir: string, options: ExportTfjsOptions = {}): void {
  const files = platform.files('exportTfjs');
  const { modelJson, weightsBin } = encodeTfjs(model, options, 'exportTfjs');
  files.writeAtomic(platform.path.join(dir, 'weights.bin'), weightsBin, 'exportTfjs');
  files.writeAtomic(platform.path.join(dir, 'model.json'), JSON.stringify(modelJson, null, 1), 'exportTfjs');
}

/**
 * exportTfjs's two files in memory, for a page (offer them as downloads) or a server;
 * `importKerasJson(modelJson, weightsBin)` reads them back.
 */
export function tfjsArtifacts(model: Sequential | AnyModel, options: ExportTfjsOptions = {}): TfjsArtifacts {
  return encodeTfjs(model, options, 'tfjsArtifacts');
}

function encodeTfjs(model: Sequential | AnyModel, options: ExportTfjsOptions, where: string): TfjsArtifacts {
  const layers = model instanceof Sequential ? model.layers : model.nodes.map((node) => node.layer);
  layers.forEach((layer, i) => {
    const config = builtInConfig(layer.toConfig() as LayerConfig | CustomLayerConfig);
    const recurrent = config?.type === 'Bidirectional' ? config.layer : config;
    if (recurrent !== undefined && isRecurrent(recurrent)) checkTfjsRecurrent(recurrent, where, `layers[${i}]`);
  });
  const keras = model instanceof Sequential ? sequentialTopology(model, options, where) : graphTopology(model, where);
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

function sequentialTopology(model: Sequential, options: ExportTfjsOptions, where: string): KerasExport {
  const inputShape = resolveInputShape(model, options.inputShape, where);
  // Nested Sequentials are a chain too; a Residual or a Concat branches.
  const flat = (layers: readonly Layer[]): Layer[] => layers.flatMap((l) => (l instanceof Sequential ? flat(l.layers) : [l]));
  const chain = flat(model.layers);
  if (chain.every((layer) => sublayersOf(layer).length === 0)) return toKerasLayers(chain, inputShape, where);
  // Containers branch: the Sequential becomes one node of a functional graph on the input "input".
  return toKerasGraph([{ name: 'input', shape: inputShape }], [{ layer: model, inputs: [0], slot: 1, name: 'sequential' }], [1], where);
}

function graphTopology(model: AnyModel, where: string): KerasExport {
  const nodes = model.nodes.map((node) => ({ layer: node.layer, inputs: node.inputSlots, slot: node.slot, name: node.name }));
  return toKerasGraph(model.inputs, nodes, model.outputSlots, where);
}
