/**
 * Ranks of a parallel job: the `parallel` option of initModel ({ tp, ep, fsdp, rank, scheme }),
 * what a rank's file records, and `{rank}` in output names.
 */
import { describeValue, integer, knownOptions, optionsObject, rangeError, typeError } from '../core/validate';
import { checkExpertSplit } from './experts';
import { checkScheme, placementOfRank, rankOfPlacement, type Placement, type ParallelScheme } from './parallel';
import { checkShard, partsOf, type Part, type Shard, type ShardDim } from './pieces';
import type { ResolvedSpec } from './spec';

/** A parallel job: TP, EP and FSDP sizes, this process's global rank (TP innermost) and the TP scheme. */
export interface ParallelOption {
  /** Tensor-parallel size (default 1). */
  tp?: number;
  /**
   * Expert-parallel size (default 1): experts placed contiguously over `ep` ranks (the count of
   * every MoE tensor's experts must be a multiple); ranks = tp × ep × fsdp, TP innermost, then EP.
   */
  ep?: number;
  /** FSDP size: Shard(0) of every tensor's TP part with torch.chunk's rule (default 1). */
  fsdp?: number;
  /** Global rank in [0, tp·ep·fsdp); TP ranks vary fastest, then EP. */
  rank?: number;
  /** "dtensor" (torch.chunk) or "megatron" (sizes must divide); default the spec's parallelScheme, else "dtensor". */
  scheme?: ParallelScheme;
}

const MAX_WORLD = 1 << 20;

/** A validated parallel job: sizes, scheme, the ranks to write and their placements. */
export interface ParallelJob {
  tp: number;
  ep: number;
  fsdp: number;
  scheme: ParallelScheme;
  ranks: number[];
  placements: Placement[];
}

/**
 * Refuses a job the spec cannot be split by, before any file is created: an expert count `ep`
 * does not divide (naming `argument`, e.g. "parallel.ep" or "--ep"), a fused expert dimension a
 * box cannot hold (dims 0 and 1 only), a size the scheme cannot split (naming the tensor).
 */
export function checkSplit(spec: ResolvedSpec, job: Pick<ParallelJob, 'ep' | 'placements'>, argument = 'parallel.ep'): void {
  if (job.ep > 1) {
    for (const t of spec.tensors) {
      if (t.experts === undefined) continue;
      checkExpertSplit(t.name, t.experts, job.ep, argument);
      if ('dim' in t.experts && t.experts.dim > 1) {
        throw rangeError(`an expert dimension 0 or 1 for expert parallelism (tensor "${t.name}")`, `${t.at}.experts.dim`, t.experts.dim);
      }
    }
  }
  for (const p of job.placements) partsOf(spec, p);
}

/** Validates the option and computes every rank's placement (all ranks when rank is not given). */
export function checkParallelOption(value: unknown, spec: ResolvedSpec, needRank: boolean): ParallelJob {
  const opts = optionsObject(value, 'parallel');
  knownOptions(opts, ['tp', 'ep', 'fsdp', 'rank', 'scheme'], 'parallel');
  const tp = opts.tp === undefined ? 1 : integer(opts.tp, 'parallel.tp', 1, MAX_WORLD);
  const ep = opts.ep === undefined ? 1 : integer(opts.ep, 'parallel.ep', 1, MAX_WORLD);
  const fsdp = opts.fsdp === undefined ? 1 : integer(opts.fsdp, 'parallel.fsdp', 1, MAX_WORLD);
  const world = tp * ep * fsdp;
  if (world > MAX_WORLD) throw rangeError(`a world size tp × ep × fsdp of at most ${MAX_WORLD}`, 'parallel', `${tp} × ${ep} × ${fsdp}`);
  const scheme = opts.scheme === undefined ? (spec.parallelScheme ?? 'dtensor') : checkScheme(opts.scheme, 'parallel.scheme');
  let ranks: number[];
  if (opts.rank === undefined) {
    if (needRank) throw typeError(`a rank between 0 and ${world - 1} (initModelRanks writes every rank)`, 'parallel.rank', opts.rank);
    ranks = Array.from({ length: world }, (_, r) => r);
  } else ranks = [integer(opts.rank, 'parallel.rank', 0, world - 1)];
  const placements = ranks.map((r) => placementOfRank(r, tp, fsdp, scheme, ep));
  checkSplit(spec, { ep, placements });
  return { tp, ep, fsdp, scheme, ranks, placements };
}

/** The `parallel` entry of a rank file's metadata: where it sits in the job ("ep" only when there is EP, so files without it stay as they were). */
export function placementMetadata(p: Placement): string {
  const { rank, world } = rankOfPlacement(p);
  return JSON.stringify({ rank, world, tp: p.tp?.size ?? 1, ...(p.ep === undefined ? {} : { ep: p.ep.size }), fsdp: p.fsdp?.size ?? 1, scheme: p.scheme });
}

/** Reads a file's `parallel` metadata back into a placement (undefined when there is none). */
export function placementFromMetadata(metadata: Record<string, string> | undefined, path: string): Placement | undefined {
  const text = metadata?.parallel;
  if (text === undefined) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`Cannot read the parallel metadata of "${path}": ${JSON.stringify(text)} is not JSON`);
  }
  const tp = parsed.tp as number;
  const ep = (parsed.ep ?? 1) as number;
  const fsdp = parsed.fsdp as number;
  const rank = parsed.rank as number;
  if (![tp, ep, fsdp, rank].every(Number.isSafeInteger) || tp < 1 || ep < 1 || fsdp < 1 || parsed.world !== tp * ep * fsdp) {
    throw new Error(`Cannot read the parallel metadata of "${path}": ${text}`);
  }
  return placementOfRank(rank, tp, fsdp, checkScheme(parsed.scheme, `the parallel metadata of "${path}"`), ep);
}

/** `{rank}` in an output name replaced by the rank. */
export function rankPath(path: string, rank: number): string {
  return path.replaceAll('{rank}', String(rank));
}

/**
 * An output name of a run that may have a rank (a shard): `{rank}` replaced by it, and refused
 * when there is none (a file or directory literally named "{rank}" is never what was meant).
 */
export function outputPath(path: string, rank: number | undefined, name: string): string {
  if (rank !== undefined) return rankPath(path, rank);
  if (path.includes('{rank}')) throw rangeError('a path without {rank} (there is no rank: give a shard or a parallel rank)', name, path);
  return path;
}

/** Which part of every tensor one process writes, and where: from the shard, shardDim and parallel options. */
export interface PartChoice {
  shard?: Shard;
  dim: ShardDim;
  placement?: Placement;
  /** The output path with `{rank}` replaced by the rank. */
  path: string;
  parts: Part[];
}

/**
 * Reads the options that choose a process's part (`shard` + `shardDim`, or `parallel`) for
 * `spec`, and its output path (`out`, named `outName` in messages, `{rank}` replaced).
 */
export function choosePart(opts: Record<string, unknown>, spec: ResolvedSpec, out: string, outName: string): PartChoice {
  let shard: Shard | undefined;
  let dim: ShardDim = 0;
  if (opts.shard !== undefined) ({ shard, dim } = checkShard(opts.shard, opts.shardDim));
  else if (opts.shardDim !== undefined) throw new TypeError(`Expected shard with shardDim but received shardDim ${describeValue(opts.shardDim)} alone`);
  if (spec.stream === 'torch' && (shard !== undefined || opts.parallel !== undefined)) {
    const what = shard !== undefined ? `shard ${describeValue(opts.shard)}` : `parallel ${describeValue(opts.parallel)}`;
    throw new RangeError(`Expected no ${shard !== undefined ? 'shard' : 'parallel'} with stream "torch" but received ${what} (torch draws every tensor after the ones before it)`);
  }
  if (opts.parallel === undefined) return { ...(shard === undefined ? {} : { shard }), dim, path: outputPath(out, shard?.rank, outName), parts: partsOf(spec, shard, dim) };
  if (shard !== undefined) throw new TypeError(`Expected either shard or parallel, not both, but received shard ${describeValue(opts.shard)}`);
  const checked = checkParallelOption(opts.parallel, spec, true);
  const placement = checked.placements[0];
  return { dim, placement, path: rankPath(out, checked.ranks[0]), parts: partsOf(spec, placement) };
}
