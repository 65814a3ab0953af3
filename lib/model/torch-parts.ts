/**
 * The tensors of a spec with stream "torch" (docs/TORCH-STREAM.md): torch's
 * generator seeded with the spec's seed makes every tensor in spec order, each
 * whole, as torch.manual_seed(seed) followed by the same nn.init calls would.
 * A tensor's values depend on every tensor before it, so the parts cannot be
 * shards or ranges; memory is the largest tensor.
 */
import type { TensorData } from '../core/dtype';
import { TorchGenerator } from '../core/torch-generator';
import { runSync } from '../initializers/define';
import { zeroRowsIn } from './zero-rows';
import { throwIfAborted, type GenerateOptions, type Part, type Piece } from './pieces';

/** generateParts (pieces.ts) for the torch stream: one piece per part, whole tensors only. */
export async function generateTorchParts(
  parts: readonly Part[],
  options: GenerateOptions,
  consume: (part: Part, piece: Piece, data: TensorData) => Promise<void>,
): Promise<void> {
  for (const part of parts) {
    if (part.cols !== undefined || part.rows[0] !== 0 || part.rows[1] !== (part.tensor.shape[0] ?? 1)) {
      throw new RangeError(`Expected whole tensors with stream "torch" but received a shard of "${part.tensor.name}" (torch draws every tensor after the ones before it)`);
    }
  }
  const generator = new TorchGenerator(options.seed);
  for (const part of parts) {
    throwIfAborted(options.signal);
    const t = part.tensor;
    const made = runSync(t.rule, t.shape, { ...t.options, generator, dtype: t.dtype, ...(options.threads === undefined ? {} : { threads: options.threads }) });
    // nn.Embedding(padding_idx) and HF _init_weights draw the whole tensor, then zero the rows.
    zeroRowsIn(t.shape, t.zeroRows, 0, made.data);
    if (part.elements === 0) continue;
    await consume(part, { kind: 'range', offset: 0, length: part.elements, start: 0, end: part.elements }, made.data);
  }
}
