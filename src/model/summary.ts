import { formatShape } from '../errors';
import type { Layer } from '../layers/Layer';
import type { Shape } from '../tensor/Tensor';
import { prefixError } from './prefixError';

/** What formatSummary needs from a model (Sequential satisfies it). */
interface Stack {
  readonly layers: readonly Layer[];
}

/**
 * Keras-style layer table. Shapes are inferred with each layer's outputShape on a batch of 1 and
 * shown with "batch" in the first place; when no input shape is known they read "?".
 */
export function formatSummary(model: Stack, inputShape?: Shape): string {
  const first = model.layers[0] as (Layer & { inputSize?: unknown }) | undefined;
  const sample = inputShape ?? (typeof first?.inputSize === 'number' ? [first.inputSize] : undefined);
  let shape: Shape | undefined = sample ? [1, ...sample] : undefined;

  const rows: string[][] = [['#', 'Layer', 'Output shape', 'Params']];
  let totalParams = 0;
  let totalBuffers = 0;
  model.layers.forEach((layer, i) => {
    if (shape) {
      try {
        shape = layer.outputShape(shape);
      } catch (error) {
        throw prefixError(error, `layers[${i}] (${layer.name})`);
      }
    }
    const params = layer.paramGrads().reduce((n, p) => n + p.value.size, 0);
    totalParams += params;
    totalBuffers += (layer.buffers?.() ?? []).reduce((n, b) => n + b.value.size, 0);
    rows.push([String(i), layer.name, shape ? withBatch(shape) : '?', params.toLocaleString('en-US')]);
  });

  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 3 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ');
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [line(rows[0] as string[]), rule, ...rows.slice(1).map(line), rule];
  if (sample) out.push(`Input shape: ${withBatch([1, ...sample])}`);
  out.push(`Total params: ${totalParams.toLocaleString('en-US')}`);
  if (totalBuffers > 0) out.push(`Non-trainable buffers: ${totalBuffers.toLocaleString('en-US')}`);
  return out.join('\n');
}

/** [1, 32] → "[batch, 32]" */
function withBatch(shape: Shape): string {
  return formatShape(shape).replace(/^\[\d+/, '[batch');
}
