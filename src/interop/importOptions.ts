import type { Shape } from '../tensor/Tensor';
import type { ChannelsLast } from './kerasOptions';

/** Options of importTfjs and importKerasJson. */
export interface ImportOptions {
  /**
   * Keras images in channels_last (NHWC, Keras's default): 'error' (the default) refuses them;
   * 'transpose' imports the NCHW network that computes the same function on [batch, C, H, W]
   * inputs, and records the Keras input shape in `model.metadata.transposedFrom`.
   */
  channelsLast?: ChannelsLast;
}

/** The metadata every import sets: the input shape, and where a channels_last model came from. */
export function importedMetadata(imported: { inputShape: Shape; kerasInputShape?: Shape }): Record<string, unknown> {
  const metadata: Record<string, unknown> = { inputShape: [...imported.inputShape] };
  if (imported.kerasInputShape) metadata.transposedFrom = { dataFormat: 'channels_last', inputShape: [...imported.kerasInputShape] };
  return metadata;
}

/**
 * The metadata a functional import sets: `inputShape` for a model of one input (as for a
 * Sequential), and for a transposed channels_last model the Keras input shapes.
 */
export function importedGraphMetadata(model: { inputs: readonly { shape: Shape }[] }, kerasInputShapes: readonly Shape[] | undefined): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (model.inputs.length === 1) metadata.inputShape = [...(model.inputs[0]?.shape ?? [])];
  if (kerasInputShapes) {
    metadata.transposedFrom = model.inputs.length === 1
      ? { dataFormat: 'channels_last', inputShape: [...(kerasInputShapes[0] ?? [])] }
      : { dataFormat: 'channels_last', inputShapes: kerasInputShapes.map((s) => [...s]) };
  }
  return metadata;
}
