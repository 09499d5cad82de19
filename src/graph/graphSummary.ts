import { formatShape } from '../errors';
import type { AnyModel as Model } from './Model';

/** Keras's functional summary: one row per input and node, with the nodes each one reads. */
export function formatGraphSummary(model: Model): string {
  const slotName = [...model.inputs.map((i) => i.name), ...model.nodes.map((n) => n.name)];
  const rows: string[][] = [['Layer (type)', 'Output shape', 'Params', 'Connected to']];
  for (const input of model.inputs) rows.push([`${input.name} (Input)`, withBatch(input.shape), '0', '']);
  const counted = new Set<unknown>();
  let total = 0;
  let totalBuffers = 0;
  for (const node of model.nodes) {
    const shared = counted.has(node.layer);
    const params = shared ? 0 : node.layer.paramGrads().reduce((n, p) => n + p.value.size, 0);
    if (!shared) totalBuffers += (node.layer.buffers?.() ?? []).reduce((n, b) => n + b.value.size, 0);
    counted.add(node.layer);
    total += params;
    rows.push([
      `${node.name} (${node.layer.name})`,
      withBatch(node.shape),
      shared ? `shared with ${node.layerName}` : params.toLocaleString('en-US'),
      node.inputSlots.map((s) => slotName[s]).join(', '),
    ]);
  }
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const outputs = model.outputSlots.map((s) => slotName[s]).join(', ');
  const out = [`Model "${model.name}"`, line(rows[0] as string[]), rule, ...rows.slice(1).map(line), rule];
  out.push(`Outputs: ${outputs}`);
  out.push(`Total params: ${total.toLocaleString('en-US')}`);
  if (totalBuffers > 0) out.push(`Non-trainable buffers: ${totalBuffers.toLocaleString('en-US')}`);
  return out.join('\n');
}

/** [32] → "[batch, 32]" */
function withBatch(shape: readonly number[]): string {
  return formatShape(shape).replace(/^\[/, '[batch, ');
}
