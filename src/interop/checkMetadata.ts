import { isNormalizer } from '../data/Normalizer';
import { DataError } from '../errors';
import type { Shape } from '../tensor/Tensor';

const CLASS_LOSSES = ['CrossEntropyLoss', 'NLLLoss'];
const BINARY_LOSSES = ['BCELoss', 'BCEWithLogitsLoss'];

/**
 * An imported model's metadata against its layers, as `kubiki train` checks them before saving: as
 * many class names as outputs (two for the binary losses, with one output), and a normaliser and
 * feature list with one entry per input value. A mismatch would print a wrong header above the
 * predictions, or normalise with another model's statistics.
 */
export function checkImportedMetadata(model: { metadata: Record<string, unknown>; outputShape(inputShape: Shape): Shape }, where: string): void {
  const meta = model.metadata;
  const inputShape = meta.inputShape;
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) return;
  const inputs = (inputShape as number[]).reduce((a, b) => a * b, 1);
  const outputs = model.outputShape([1, ...(inputShape as number[])]).slice(1).reduce((a, b) => a * b, 1);
  const lossType = (meta.loss as { type?: unknown } | undefined)?.type;
  const classes = meta.classes;
  if (Array.isArray(classes)) {
    const binary = typeof lossType === 'string' && BINARY_LOSSES.includes(lossType);
    const expected = binary ? 2 : outputs;
    if ((binary || typeof lossType !== 'string' || CLASS_LOSSES.includes(lossType)) && classes.length !== expected) {
      throw new DataError(
        `${where}: metadata.classes: expected ${expected} class names (${binary ? `${String(lossType)} with 1 output` : `the model has ${outputs} outputs`}), ` +
          `got ${classes.length} (${classes.map((c) => JSON.stringify(c)).join(', ')})`,
      );
    }
    if (binary && outputs !== 1) {
      throw new DataError(`${where}: ${String(lossType)} expects 1 output, but the model has ${outputs}`);
    }
  }
  const features = meta.features;
  if (Array.isArray(features) && features.length !== inputs) {
    throw new DataError(`${where}: metadata.features: expected ${inputs} names (the model's inputs), got ${features.length}`);
  }
  const normalizer = meta.normalizer;
  if (normalizer !== undefined) {
    if (!isNormalizer(normalizer)) {
      throw new DataError(`${where}: metadata.normalizer: expected { "type": "none" | "standard" | "minmax", … }, got ${JSON.stringify(normalizer).slice(0, 60)}`);
    }
    const size = normalizer.type === 'standard' ? normalizer.mean.length : normalizer.type === 'minmax' ? normalizer.min.length : inputs;
    if (size !== inputs) {
      throw new DataError(`${where}: metadata.normalizer: expected statistics for ${inputs} features (the model's inputs), got ${size}`);
    }
  }
}
