import { fitNormalizer, type Normalizer, type Tensor } from '../src';
import type { KubikiConfig } from '../src/config';

/** Per-column statistics, or for data.sequence per feature over all steps, repeated for every step's columns. */
export function fitSequenceNormalizer(config: KubikiConfig, trainX: Tensor): Normalizer {
  const sequence = config.data.sequence;
  if (!sequence || config.data.normalize === 'none') return fitNormalizer(config.data.normalize, trainX);
  const { steps, features } = sequence;
  const pooled = fitNormalizer(config.data.normalize, trainX.reshape([(trainX.shape[0] as number) * steps, features]));
  const tile = (values: readonly number[]): number[] => Array.from({ length: steps * features }, (_, i) => values[i % features] as number);
  if (pooled.type === 'standard') return { type: 'standard', mean: tile(pooled.mean), std: tile(pooled.std) };
  if (pooled.type === 'minmax') return { type: 'minmax', min: tile(pooled.min), max: tile(pooled.max) };
  return pooled;
}
