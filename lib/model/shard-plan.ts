/**
 * Which tensors go to which file of a checkpoint directory, and the files' names: the split of
 * huggingface_hub (`src/huggingface_hub/serialization/_base.py`, `split_state_dict_into_shards_factory`):
 * tensors in spec (state_dict) order; a tensor larger than the limit gets a file of its own,
 * appended at once, while the current file stays open for the next tensors; otherwise a new file
 * starts when the next tensor would pass the limit. Sizes are numel × element size (`_torch.py`
 * `get_tensor_size`); `total_size` is their sum.
 */
import { positiveInteger } from '../core/validate';
import { DEFAULT_MAX_SHARD_SIZE } from './shard-size';

export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';
/** A weights file of a checkpoint: model.safetensors or model-NNNNN-of-NNNNN.safetensors. */
export const CHECKPOINT_FILE = /^model(?:-\d{5}-of-\d{5})?\.safetensors$/;
/** A file of a sharded checkpoint, with its number and the count. */
export const SHARD_NAME = /^model-(\d{5})-of-(\d{5})\.safetensors$/;

/** Where each tensor goes: file names in order, each with its tensor names (spec order within a file). */
export interface ShardPlan {
  files: { name: string; tensors: string[]; bytes: number }[];
  /** Sum of every tensor's bytes (the index's metadata.total_size). */
  totalSize: number;
  /** More than one file: an index is written. */
  sharded: boolean;
}

/** FILENAME_PATTERN "model{suffix}.safetensors" with suffix "-{i:05d}-of-{n:05d}" (i from 1). */
export function shardFileName(i: number, n: number): string {
  const pad = (k: number) => String(k).padStart(5, '0');
  return `model-${pad(i)}-of-${pad(n)}.safetensors`;
}

/** huggingface_hub's greedy split of (name, bytes) pairs in order; one file is named model.safetensors. */
export function planShards(tensors: readonly { name: string; bytes: number }[], maxShardSize: number = DEFAULT_MAX_SHARD_SIZE): ShardPlan {
  const limit = positiveInteger(maxShardSize, 'maxShardSize');
  const shards: { tensors: string[]; bytes: number }[] = [];
  let current: { tensors: string[]; bytes: number } = { tensors: [], bytes: 0 };
  let totalSize = 0;
  for (const t of tensors) {
    totalSize += t.bytes;
    if (t.bytes > limit) {
      // "If this tensor is bigger than the maximal size, we put it in its own shard" (current stays open).
      shards.push({ tensors: [t.name], bytes: t.bytes });
      continue;
    }
    if (current.bytes + t.bytes > limit) {
      shards.push(current);
      current = { tensors: [], bytes: 0 };
    }
    current.tensors.push(t.name);
    current.bytes += t.bytes;
  }
  if (current.tensors.length > 0) shards.push(current);
  const n = shards.length;
  if (n <= 1) return { files: [{ name: SINGLE_FILE, tensors: tensors.map((t) => t.name), bytes: totalSize }], totalSize, sharded: false };
  return { files: shards.map((s, i) => ({ name: shardFileName(i + 1, n), ...s })), totalSize, sharded: true };
}
