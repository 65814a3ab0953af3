/**
 * Rows of a tensor that are exactly zero after its initializer: a spec's `zeroRows`
 * (lib/model/spec.ts). transformers' `_init_weights` draws an nn.Embedding's weight and then
 * zeroes `weight[padding_idx]` (e.g. transformers v4.57.1 src/transformers/models/llama/
 * modeling_llama.py via PreTrainedModel._init_weights: `module.weight.data[module.padding_idx].zero_()`;
 * torch 1.13 nn.Embedding.reset_parameters → `_fill_padding_idx_with_zero`). The other elements
 * keep their stream positions: the row is drawn, then overwritten, so every range, shard and
 * rank part of the tensor only has to zero the rows it holds.
 */
import type { TensorData } from '../core/dtype';
import { product } from '../core/shape';

/** The first index of `sorted` that is ≥ `value` (binary search: a 256k-row vocabulary stays cheap). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Zeroes the elements of `out` that lie in a zero row, where `out` holds the elements
 * [start, start + out.length) of the full tensor of `shape` in row-major order.
 */
export function zeroRowsIn(shape: readonly number[], zeroRows: readonly number[] | undefined, start: number, out: TensorData): void {
  if (zeroRows === undefined || zeroRows.length === 0 || out.length === 0) return;
  const rowLen = product(shape.slice(1));
  const end = start + out.length;
  for (let i = lowerBound(zeroRows, Math.floor(start / rowLen)); i < zeroRows.length; i++) {
    const lo = zeroRows[i] * rowLen;
    if (lo >= end) break;
    const from = Math.max(lo, start);
    const to = Math.min(lo + rowLen, end);
    if (to > from) out.fill(0, from - start, to - start); // +0: all-zero bits in every dtype
  }
}
