/**
 * Per-tensor parallel plans: which dimension of a tensor tensor parallelism (TP)
 * cuts, FSDP's Shard(0) on top, and the splitting rule of each scheme
 * (docs/MODELS.md §6).
 *
 * Styles, in torch's (out, in, …) layout of a weight:
 * - colwise:   dim 0 (output features) of a weight, and its bias split the same way.
 *              Megatron-LM megatron/core/tensor_parallel/layers.py, ColumnParallelLinear:
 *              weight [output_size_per_partition, input_size], bias [output_size_per_partition];
 *              torch/distributed/tensor/parallel/style.py, ColwiseParallel._partition_linear_fn:
 *              every parameter (weight and bias) distributed as Shard(0).
 * - rowwise:   dim 1 (input features) of a weight; a bias is replicated.
 *              layers.py RowParallelLinear: weight [output_size, input_size_per_partition],
 *              bias [output_size] whole; style.py RowwiseParallel: weight Shard(1), bias Replicate().
 * - vocab:     dim 0 (rows = tokens) of an embedding [num, dim].
 *              layers.py VocabParallelEmbedding: weight [num_embeddings_per_partition, embedding_dim];
 *              style.py RowwiseParallel._partition_embedding_fn: Shard(0) (torchtitan shards
 *              tok_embeddings with RowwiseParallel, torchtitan/models/llama3/infra/parallelize.py).
 * - replicate: every rank holds the whole tensor (norms; GPT-2's position embedding).
 * A tensor stored transposed (GPT-2's Conv1D keeps (in, out)) names its dim: { style, dim }.
 *
 * Uneven sizes follow the scheme's own rule:
 * - dtensor:  torch.chunk's rule (DTensor Shard(d) placements, what torchtitan and FSDP2 use):
 *             pieces of ⌈n/world⌉, the last smaller, trailing ranks empty;
 * - megatron: layers.py computes every per-partition size with `divide(size, world_size)`
 *             (megatron/core/utils.py `ensure_divisibility`): a size the world does not divide is refused.
 * FSDP (FSDP2's fully_shard) always cuts dim 0 of the rank's TP part with torch.chunk's rule.
 */
import { describeValue } from '../core/validate';
import { expertRange, type ExpertsEntry } from './experts';

export const PARALLEL_STYLES = ['colwise', 'rowwise', 'vocab', 'replicate'] as const;
export type ParallelStyle = (typeof PARALLEL_STYLES)[number];

export const PARALLEL_SCHEMES = ['dtensor', 'megatron'] as const;
export type ParallelScheme = (typeof PARALLEL_SCHEMES)[number];

/** A tensor's plan as written in a spec: a style, or { style, dim } for a tensor stored transposed. */
export type ParallelEntry = ParallelStyle | { style: ParallelStyle; dim: 0 | 1 };

/** A tensor's resolved plan: the style and the dimension TP cuts (undefined: replicated). */
export interface TensorParallel {
  style: ParallelStyle;
  dim: number | undefined;
  /** As written (kept in the flat spec). */
  entry: ParallelEntry;
}

/** One parallel dimension of this process: `rank` of `size`. */
export interface Group {
  size: number;
  rank: number;
}

/** Where this process sits: TP, expert-parallel (EP) and FSDP groups, and the TP scheme. */
export interface Placement {
  tp?: Group;
  /** Expert parallelism: this rank holds experts [rank·E/size, (rank+1)·E/size) of every MoE tensor (lib/model/experts.ts). */
  ep?: Group;
  fsdp?: Group;
  scheme: ParallelScheme;
}

function planError(at: string, expected: string, value: unknown, type: boolean): Error {
  const text = `${at}: Expected ${expected} but received ${describeValue(value)}`;
  return type ? new TypeError(text) : new RangeError(text);
}

const STYLE_EXPECTED = `one of ${PARALLEL_STYLES.map((s) => `"${s}"`).join(', ')}, or { style, dim }`;

/** The dimension a style cuts for a tensor of `rank` dimensions in torch's layout (undefined: whole). */
function defaultDim(style: ParallelStyle, rank: number): number | undefined {
  if (style === 'replicate' || rank === 0) return undefined;
  if (style === 'rowwise') return rank >= 2 ? 1 : undefined; // a row-parallel bias is replicated
  return 0; // colwise (weight and bias) and vocab
}

/** Validates a spec's `parallel` field for a tensor of this shape (`at` names it in messages). */
export function resolveParallel(value: unknown, shape: readonly number[], at: string): TensorParallel {
  let style: unknown = value;
  let dim: number | undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields = Object.keys(value);
    const unknown = fields.find((f) => f !== 'style' && f !== 'dim');
    if (unknown !== undefined) throw new RangeError(`${at}: Unknown field "${unknown}" (expected style and dim)`);
    style = (value as Record<string, unknown>).style;
    const d = (value as Record<string, unknown>).dim;
    if (d !== 0 && d !== 1) throw planError(`${at}.dim`, '0 or 1', d, typeof d !== 'number');
    dim = d;
  }
  if (typeof style !== 'string') throw planError(at, STYLE_EXPECTED, value, true);
  if (!(PARALLEL_STYLES as readonly string[]).includes(style)) throw planError(at, STYLE_EXPECTED, value, false);
  const s = style as ParallelStyle;
  if (dim !== undefined) {
    if (s === 'replicate') throw planError(`${at}.dim`, 'no dim for "replicate"', dim, false);
    if (dim >= shape.length) throw planError(`${at}.dim`, `a dimension of the shape [${shape.join(', ')}]`, dim, false);
  }
  const entry: ParallelEntry = dim === undefined ? s : { style: s, dim: dim as 0 | 1 };
  return { style: s, dim: dim ?? defaultDim(s, shape.length), entry };
}

/** Validates a spec's `parallelScheme`. */
export function checkScheme(value: unknown, at = 'parallelScheme'): ParallelScheme {
  if (typeof value !== 'string') throw planError(at, `one of ${PARALLEL_SCHEMES.map((s) => `"${s}"`).join(', ')}`, value, true);
  if (!(PARALLEL_SCHEMES as readonly string[]).includes(value)) {
    throw planError(at, `one of ${PARALLEL_SCHEMES.map((s) => `"${s}"`).join(', ')}`, value, false);
  }
  return value as ParallelScheme;
}

/** torch.chunk(n, world)'s part `rank`: pieces of ⌈n/world⌉, the last smaller, trailing ranks empty. */
export function chunkRange(n: number, world: number, rank: number): [number, number] {
  const size = Math.ceil(n / world);
  const start = Math.min(n, rank * size);
  return [start, Math.min(n, start + size)];
}

/** Megatron's equal split (`divide(n, world)`), refused naming the tensor when world does not divide n. */
export function divisibleRange(n: number, world: number, rank: number, name: string, dim: number): [number, number] {
  if (n % world !== 0) {
    throw new RangeError(
      `Expected a size divisible by the tensor-parallel size ${world} for dimension ${dim} of tensor "${name}" (scheme "megatron" ` +
        `splits evenly, as Megatron-LM's divide() requires) but received ${n}; pad it, or use scheme "dtensor" (torch.chunk)`,
    );
  }
  const size = n / world;
  return [rank * size, (rank + 1) * size];
}

/** A group { size, rank } checked (`name` names it: "tp", "fsdp"). */
export function checkGroup(value: unknown, name: string): Group {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`Expected an object { size, rank } for ${name} but received ${describeValue(value)}`);
  }
  const { size, rank } = value as Record<string, unknown>;
  if (typeof size !== 'number') throw new TypeError(`Expected a positive integer for ${name}.size but received ${describeValue(size)}`);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`Expected a positive integer for ${name}.size but received ${describeValue(size)}`);
  const expected = `an integer between 0 and ${size - 1}`;
  if (typeof rank !== 'number') throw new TypeError(`Expected ${expected} for ${name}.rank but received ${describeValue(rank)}`);
  if (!Number.isSafeInteger(rank) || rank < 0 || rank >= size) throw new RangeError(`Expected ${expected} for ${name}.rank but received ${describeValue(rank)}`);
  return { size, rank };
}

/**
 * A global rank of a TP×EP×FSDP job as its TP, EP and FSDP ranks: TP is the innermost
 * (fastest-varying) dimension, then EP, then FSDP, as in Megatron-LM's default order
 * "tp-cp-ep-dp-pp" (megatron/core/parallel_state.py) and torchtitan's mesh order
 * (…, dp_shard, cp, tp; torchtitan/distributed/parallel_dims.py): ranks 0…tp-1 form the first
 * TP group, and rank = (fsdp_rank · ep + ep_rank) · tp + tp_rank.
 * EP is an axis of its own here (world = tp × ep × fsdp), not carved out of dp_shard × cp × tp
 * as torchtitan's ParallelDims does (its `ep` must divide that product and experts get the
 * "efsdp" axis; torchtitan b5bcd76 parallel_dims.py `_validate`, `_build_meshes`): a rank file
 * then names one TP part, one set of experts and one FSDP chunk, whatever the trainer folds together.
 */
export function placementOfRank(rank: number, tp: number, fsdp: number, scheme: ParallelScheme, ep = 1): Placement {
  const world = tp * ep * fsdp;
  if (!Number.isSafeInteger(rank) || rank < 0 || rank >= world) {
    const sizes = ep > 1 ? `tp ${tp} × ep ${ep} × fsdp ${fsdp}` : `tp ${tp} × fsdp ${fsdp}`;
    throw new RangeError(`Expected a rank between 0 and ${world - 1} (${sizes}) for rank but received ${describeValue(rank)}`);
  }
  return {
    ...(tp > 1 ? { tp: { size: tp, rank: rank % tp } } : {}),
    ...(ep > 1 ? { ep: { size: ep, rank: Math.floor(rank / tp) % ep } } : {}),
    ...(fsdp > 1 ? { fsdp: { size: fsdp, rank: Math.floor(rank / (tp * ep)) } } : {}),
    scheme,
  };
}

/** The global rank of a placement (inverse of placementOfRank) and the world size. */
export function rankOfPlacement(p: Placement): { rank: number; world: number } {
  const tp = p.tp ?? { size: 1, rank: 0 };
  const ep = p.ep ?? { size: 1, rank: 0 };
  const fsdp = p.fsdp ?? { size: 1, rank: 0 };
  return { rank: (fsdp.rank * ep.size + ep.rank) * tp.size + tp.rank, world: tp.size * ep.size * fsdp.size };
}

/** What a box needs to know of a tensor: its name (for messages), shape, plan and experts. */
export interface Cuttable {
  name: string;
  shape: readonly number[];
  parallel?: TensorParallel;
  experts?: ExpertsEntry;
}

/** Whether a placement holds any of the tensor: a per-expert tensor lives only on its EP rank. */
export function holds(t: Cuttable, p: Placement): boolean {
  const experts = t.experts;
  if (p.ep === undefined || experts === undefined || !('index' in experts)) return true;
  const [lo, hi] = expertRange(experts.count, p.ep.size, p.ep.rank);
  return experts.index >= lo && experts.index < hi;
}

/** A box of a tensor: [lo, hi) along dims 0 and 1 (cols undefined: every column / no dim 1). */
export interface Box {
  rows: [number, number];
  cols: [number, number] | undefined;
}

/**
 * The box of a tensor that a placement holds. Each cut narrows the range of one dimension:
 * EP first takes this rank's experts on a fused tensor's expert dimension (lib/model/experts.ts),
 * then TP cuts the plan's dimension with the scheme's rule, then FSDP cuts dim 0 of that part with
 * torch.chunk's rule (FSDP2 chunks the local tensor of a TP DTensor on dim 0). Scalars are whole on
 * every rank. A per-expert tensor a placement does not hold has no box: see {@link holds}.
 */
export function boxOf(name: string, shape: readonly number[], parallel: TensorParallel | undefined, p: Placement, experts?: ExpertsEntry): Box {
  if (shape.length === 0) return { rows: [0, 1], cols: undefined };
  const ranges: [number, number][] = [[0, shape[0]], [0, shape[1] ?? 1]];
  let colsCut = false;
  const narrow = (dim: number, [lo, hi]: [number, number]) => {
    const base = ranges[dim][0];
    ranges[dim] = [base + lo, base + hi];
    if (dim === 1) colsCut = true;
  };
  const size = (dim: number) => ranges[dim][1] - ranges[dim][0];
  if (p.ep !== undefined && experts !== undefined && 'dim' in experts) narrow(experts.dim, expertRange(experts.count, p.ep.size, p.ep.rank));
  const dim = parallel?.dim;
  if (p.tp !== undefined && dim !== undefined) {
    const n = size(dim);
    narrow(dim, p.scheme === 'megatron' ? divisibleRange(n, p.tp.size, p.tp.rank, name, dim) : chunkRange(n, p.tp.size, p.tp.rank));
  }
  if (p.fsdp !== undefined) narrow(0, chunkRange(size(0), p.fsdp.size, p.fsdp.rank));
  return { rows: ranges[0], cols: colsCut ? ranges[1] : undefined };
}
