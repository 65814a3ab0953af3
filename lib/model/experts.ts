/**
 * Mixture-of-experts tensors in a spec (`experts`, lib/model/spec.ts) and where expert
 * parallelism (EP) puts them.
 *
 * - `{ count, index }`: a per-expert tensor, expert `index` of `count`, stored under its own
 *   name as the hub checkpoints of Mixtral, Qwen2/3-MoE and DeepSeek-V2/V3 store
 *   `…mlp.experts.{i}.gate_proj.weight` (transformers v4.57.1 modeling_mixtral.py
 *   MixtralSparseMoeBlock: `nn.ModuleList([MixtralBlockSparseTop2MLP(config) for _ in range(num_experts)])`).
 * - `{ count, dim }`: a fused tensor whose dimension `dim` has one entry per expert
 *   (gpt-oss stores `experts.gate_up_proj` as [E, hidden, 2·intermediate]; modeling_gpt_oss.py GptOssExperts).
 *
 * EP places experts contiguously: rank r of N holds experts [r·E/N, (r+1)·E/N), as torchtitan's
 * ExpertParallel shards the fused expert weights Shard(0) over the EP mesh (torchtitan
 * torchtitan/distributed/expert_parallel.py `ExpertParallel._partition_fn`:
 * `distribute_tensor(param, device_mesh, [Shard(0)])`) and transformers' `base_model_ep_plan`
 * shards `experts.gate_up_proj` and friends on their expert dimension ("grouped_gemm",
 * src/transformers/models/gpt_oss/configuration_gpt_oss.py). E must be a multiple of N: an
 * uneven split has no contiguous placement every framework agrees on, so it is refused.
 */
import { integer, knownOptions, optionsObject, positiveInteger, rangeError } from '../core/validate';

/** A tensor's `experts` field: one expert of a list, or a fused tensor with an expert dimension. */
export type ExpertsEntry = { count: number; index: number } | { count: number; dim: number };

/** Validates a spec's `experts` field for a tensor of this shape (`at` names it: `tensors[3] ("x").experts`). */
export function resolveExperts(value: unknown, shape: readonly number[], at: string): ExpertsEntry {
  const entry = optionsObject(value, at);
  knownOptions(entry, ['count', 'index', 'dim'], at);
  const count = positiveInteger(entry.count, `${at}.count`);
  if ((entry.index === undefined) === (entry.dim === undefined)) {
    throw rangeError('either index (a per-expert tensor) or dim (a fused tensor), not both or neither', at, value);
  }
  if (entry.index !== undefined) return { count, index: integer(entry.index, `${at}.index`, 0, count - 1) };
  if (shape.length === 0) throw rangeError('no dim for a scalar tensor', `${at}.dim`, entry.dim);
  const dim = integer(entry.dim, `${at}.dim`, 0, shape.length - 1);
  if (shape[dim] !== count) throw rangeError(`a dimension of size count (${count}) in the shape [${shape.join(', ')}]`, `${at}.dim`, dim);
  return { count, dim };
}

/** The experts [lo, hi) that EP rank `rank` of `size` holds (count must be a multiple of size). */
export function expertRange(count: number, size: number, rank: number): [number, number] {
  const per = count / size;
  return [rank * per, (rank + 1) * per];
}

/**
 * Refuses an expert count that `ep` ranks cannot split evenly, naming the tensor and
 * `argument` (the option or flag the size came from: "parallel.ep", "--ep").
 */
export function checkExpertSplit(name: string, experts: ExpertsEntry, ep: number, argument: string): void {
  if (experts.count % ep !== 0) {
    throw rangeError(`an expert-parallel size that divides the ${experts.count} experts of tensor "${name}" (experts are placed contiguously)`, argument, ep);
  }
}
