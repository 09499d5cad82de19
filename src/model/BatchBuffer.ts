import { fitBufferZeros } from '../tensor/reuse';
import type { Tensor } from '../tensor/Tensor';

/**
 * The mini-batch tensor of a training loop, filled with the rows of `source` picked by a shuffled
 * index order. Allocated once for full batches and once for the smaller last batch, and refilled at
 * every step (layers only keep their input until the next forward).
 */
export class BatchBuffer {
  private readonly rowSize: number;
  private readonly full: Tensor;
  private last: Tensor | undefined;

  constructor(
    private readonly source: Tensor,
    batchSize: number,
  ) {
    const n = source.shape[0] as number;
    this.rowSize = n === 0 ? 0 : source.size / n;
    this.full = fitBufferZeros([Math.min(batchSize, n), ...source.shape.slice(1)], source.dtype);
  }

  /** Rows order[start], …, order[end − 1] of the source, copied into the batch tensor. */
  gather(order: Int32Array, start: number, end: number): Tensor {
    const rows = end - start;
    let batch = this.full;
    if (rows !== this.full.shape[0]) {
      this.last ??= fitBufferZeros([rows, ...this.source.shape.slice(1)], this.source.dtype);
      batch = this.last;
    }
    const { rowSize } = this;
    const from = this.source.data;
    for (let r = 0; r < rows; r++) {
      const row = order[start + r] as number;
      batch.data.set(from.subarray(row * rowSize, (row + 1) * rowSize), r * rowSize);
    }
    return batch;
  }
}
