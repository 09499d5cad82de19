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
