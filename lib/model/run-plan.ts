/**
 * What a run would write, without writing: every output (one per rank), its tensors and bytes,
 * and for a checkpoint directory its files as huggingface_hub splits them. `init-model --dry-run`
 * prints it. The cost is the spec's size times the number of ranks (each tensor's part is a few
 * integers); no tensor data is made and nothing is allocated per element, so a 671B-parameter
 * spec is planned in seconds.
 */
import { bytesPerElement } from '../core/dtype';
import { knownOptions, optionsObject, rangeError, typeError } from '../core/validate';
import { rankOfPlacement, type Placement } from './parallel';
import { partsOf, type Shard, type ShardDim } from './pieces';
import { checkParallelOption, choosePart, rankPath, type ParallelOption, type PartChoice } from './ranks';
import { planShards } from './shard-plan';
import { DEFAULT_MAX_SHARD_SIZE, parseShardSize } from './shard-size';
import type { ResolvedSpec } from './spec';

/** One output of a run: a file (-o) or a checkpoint directory (--out-dir), of one rank or of the whole model. */
export interface OutputPlan {
  /** The global rank, for a parallel job. */
  rank?: number;
  placement?: Placement;
  path: string;
  tensors: number;
  /** Bytes of tensor data. */
  bytes: number;
  /** A checkpoint directory's weight files, in order (undefined for a single file). */
  files?: { name: string; tensors: number; bytes: number }[];
}

export interface RunPlan {
  /** The spec's tensors, elements and bytes (whole model). */
  tensors: number;
  elements: number;
  bytes: number;
  outputs: OutputPlan[];
}

export interface PlanRunOptions {
  /** A single output file (exclusive with outDir). */
  out?: string;
  /** A checkpoint directory. */
  outDir?: string;
  maxShardSize?: number | string;
  shard?: Shard;
  shardDim?: ShardDim;
  /** A parallel job; without rank, every rank's output is planned. */
  parallel?: ParallelOption;
}

/** Plans a run of `spec` (resolved) without writing anything. */
export function planRun(spec: ResolvedSpec, options: PlanRunOptions): RunPlan {
  const opts = optionsObject(options);
  knownOptions(opts, ['out', 'outDir', 'maxShardSize', 'shard', 'shardDim', 'parallel'], 'planRun');
  const target = opts.outDir ?? opts.out;
  if (typeof target !== 'string') throw typeError('a file path (out) or a directory path (outDir)', opts.outDir === undefined ? 'out' : 'outDir', target);
  const limit = opts.maxShardSize === undefined ? DEFAULT_MAX_SHARD_SIZE : parseShardSize(opts.maxShardSize);
  const name = opts.outDir === undefined ? 'out' : 'outDir';
  // A parallel job: every rank's placement from one check (each tensor's part is then a few integers).
  const choices: PartChoice[] =
    opts.parallel === undefined
      ? [choosePart(opts, spec, target, name)]
      : (() => {
          const job = checkParallelOption(opts.parallel, spec, false);
          if ((opts.parallel as ParallelOption).rank === undefined && job.ranks.length > 1 && !target.includes('{rank}')) {
            throw rangeError('an output name holding {rank} (one output per rank)', name, target);
          }
          return job.placements.map((placement, i) => ({ dim: 0 as const, placement, path: rankPath(target, job.ranks[i]), parts: partsOf(spec, placement) }));
        })();
  const outputs = choices.map((choice) => {
    const sizes = choice.parts.map((p) => ({ name: p.tensor.name, bytes: p.elements * bytesPerElement(p.tensor.dtype) }));
    const bytes = sizes.reduce((s, t) => s + t.bytes, 0);
    const output: OutputPlan = { path: choice.path, tensors: choice.parts.length, bytes };
    if (choice.placement !== undefined) {
      output.placement = choice.placement;
      output.rank = rankOfPlacement(choice.placement).rank;
    }
    if (opts.outDir !== undefined) output.files = planShards(sizes, limit).files.map((f) => ({ name: f.name, tensors: f.tensors.length, bytes: f.bytes }));
    return output;
  });
  let elements = 0;
  let bytes = 0;
  for (const t of spec.tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    elements += n;
    bytes += n * bytesPerElement(t.dtype);
  }
  return { tensors: spec.tensors.length, elements, bytes, outputs };
}
