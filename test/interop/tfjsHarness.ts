import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Tensor } from '../../src/tensor/Tensor';

/*
 * The real TensorFlow.js (pure-JS CPU backend), loaded once per test file, with file handlers
 * that read and write the layers-model format on disk the way tfjs-node's file:// handler does.
 */
import * as tf from '@tensorflow/tfjs';

// IS_TEST silences the "install tfjs-node" banner, which would clutter the test output.
tf.env().set('IS_TEST', true);
void tf.setBackend('cpu');
export { tf };

interface ManifestGroup {
  paths: string[];
  weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[];
}

/** Loads a model.json (and its .bin shards) from disk with tf.loadLayersModel. */
export async function loadInTfjs(dir: string): Promise<import('@tensorflow/tfjs').LayersModel> {
  const modelPath = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(modelPath, 'utf8')) as { modelTopology: object; weightsManifest: ManifestGroup[] };
  const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(modelPath), p))));
  const bytes = Buffer.concat(shards);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    }),
  );
}

export interface SaveOptions {
  /** Split the weights into this many shard files (group1-shard1ofN.bin). */
  shards?: number;
  /** Wrap the topology like the Keras converter: { keras_version, backend, model_config }. */
  converterWrapper?: boolean;
}

/** Saves a TF.js model into `dir` as model.json + weights, the way tfjs-node's file:// handler does. */
export async function saveFromTfjs(model: import('@tensorflow/tfjs').LayersModel, dir: string, options: SaveOptions = {}): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = Buffer.from(artifacts.weightData as ArrayBuffer);
      const count = options.shards ?? 1;
      const paths: string[] = [];
      const size = Math.ceil(data.byteLength / count);
      for (let i = 0; i < count; i++) {
        const name = count === 1 ? 'weights.bin' : `group1-shard${i + 1}of${count}.bin`;
        writeFileSync(join(dir, name), data.subarray(i * size, (i + 1) * size));
        paths.push(name);
      }
      const topology = options.converterWrapper
        ? { keras_version: '2.15.0', backend: 'tensorflow', model_config: artifacts.modelTopology }
        : artifacts.modelTopology;
      const json = {
        format: 'layers-model',
        generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
        convertedBy: options.converterWrapper ? 'TensorFlow.js Converter v4.22.0' : null,
        modelTopology: topology,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** TF.js's prediction for `x` as a kubiki Tensor. */
export function predictInTfjs(model: import('@tensorflow/tfjs').LayersModel, x: Tensor): Tensor {
  const input = tf.tensor(Array.from(x.data), [...x.shape], 'float32');
  const output = model.predict(input) as import('@tensorflow/tfjs').Tensor;
  const result = Tensor.from(output.dataSync(), output.shape);
  input.dispose();
  output.dispose();
  return result;
}

/** A fresh temporary directory; remove it with `rmSync(dir, { recursive: true })`. */
export function temporaryDir(prefix = 'kubiki-interop-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
