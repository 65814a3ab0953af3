/**
 * Ranks of a parallel job: the `parallel` option of initModel ({ tp, fsdp, rank, scheme }),
 * what a rank's file records, and `{rank}` in output names.
 */
import { integer, knownOptions, optionsObject, rangeError, typeError } from '../core/validate';
import { checkScheme, placementOfRank, rankOfPlacement, type Placement, type ParallelScheme } from './parallel';
import { partsOf } from './pieces';
import type { ResolvedSpec } from './spec';

/** A parallel job: TP size, FSDP size, this process's global rank (TP innermost) and the TP scheme. */
export interface ParallelOption {
  /** Tensor-parallel size (default 1). */
  tp?: number;
  /** FSDP size: Shard(0) of every tensor's TP part with torch.chunk's rule (default 1). */
  fsdp?: number;
  /** Global rank in [0, tp·fsdp); TP ranks vary fastest. */
  rank?: number;
  /** "dtensor" (torch.chunk) or "megatron" (sizes must divide); default the spec's parallelScheme, else "dtensor". */
  scheme?: ParallelScheme;
}

const MAX_WORLD = 1 << 20;

/** Validates the option and computes every rank's placement (all ranks when rank is not given). */
export function checkParallelOption(
  value: unknown,
  spec: ResolvedSpec,
  needRank: boolean,
): { tp: number; fsdp: number; scheme: ParallelScheme; ranks: number[]; placements: Placement[] } {
  const opts = optionsObject(value, 'parallel');
  knownOptions(opts, ['tp', 'fsdp', 'rank', 'scheme'], 'parallel');
  const tp = opts.tp === undefined ? 1 : integer(opts.tp, 'parallel.tp', 1, MAX_WORLD);
  const fsdp = opts.fsdp === undefined ? 1 : integer(opts.fsdp, 'parallel.fsdp', 1, MAX_WORLD);
  if (tp * fsdp > MAX_WORLD) throw new RangeError(`Expected a world size tp × fsdp of at most ${MAX_WORLD} for parallel but received ${tp} × ${fsdp}`);
  const scheme = opts.scheme === undefined ? (spec.parallelScheme ?? 'dtensor') : checkScheme(opts.scheme, 'parallel.scheme');
  let ranks: number[];
  if (opts.rank === undefined) {
    if (needRank) throw typeError(`a rank between 0 and ${tp * fsdp - 1} (initModelRanks writes every rank)`, 'parallel.rank', opts.rank);
    ranks = Array.from({ length: tp * fsdp }, (_, r) => r);
  } else ranks = [integer(opts.rank, 'parallel.rank', 0, tp * fsdp - 1)];
  const placements = ranks.map((r) => placementOfRank(r, tp, fsdp, scheme));
  // Refuses a size the scheme cannot split (naming the tensor) before any file is created.
  for (const p of placements) partsOf(spec, p);
  return { tp, fsdp, scheme, ranks, placements };
}

/** The `parallel` entry of a rank file's metadata: where it sits in the job. */
export function placementMetadata(p: Placement): string {
  const { rank, world } = rankOfPlacement(p);
  return JSON.stringify({ rank, world, tp: p.tp?.size ?? 1, fsdp: p.fsdp?.size ?? 1, scheme: p.scheme });
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
  const fsdp = parsed.fsdp as number;
  const rank = parsed.rank as number;
  if (![tp, fsdp, rank].every(Number.isSafeInteger) || tp < 1 || fsdp < 1 || parsed.world !== tp * fsdp) {
    throw new Error(`Cannot read the parallel metadata of "${path}": ${text}`);
  }
  return placementOfRank(rank, tp, fsdp, checkScheme(parsed.scheme, `the parallel metadata of "${path}"`));
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
