/**
 * `kaiming init-model SPEC.json -o MODEL.safetensors [--shard R/W --shard-dim 0|1]`:
 * every tensor of a model spec into one safetensors file, streaming, in bounded memory;
 * `--out-dir DIR [--max-shard-size 5GB]` writes a Hugging Face checkpoint directory instead
 * (lib/model/checkpoint.ts).
 */
import * as fs from 'node:fs';
import { oneOf } from '../../core/validate';
import type { Shard, ShardDim } from '../../model/pieces';
import { parseSpec, resolveSpec, type ResolvedSpec } from '../../model/spec';
import { hfConfigSpec } from './spec';
import { initModel, type InitModelProgress, type InitModelResult } from '../../model/write';
import { initModelRanks } from '../../model/write-ranks';
import { rankFromEnvironment } from '../../model/launcher';
import { PARALLEL_SCHEMES, placementOfRank, type ParallelScheme } from '../../model/parallel';
import { checkSplit, outputPath, rankPath, type ParallelOption } from '../../model/ranks';
import { parseShardSize, writeCheckpoint, type CheckpointProgress, type WriteCheckpointResult } from '../../model/checkpoint';
import { planRun, type RunPlan } from '../../model/run-plan';
import { refuseExistingSync } from '../../io/files';
import { UsageError, parseInteger } from '../args';
import { EXIT, interruptible, work, type CliWords, type CommandContext } from '../program';
import { ProgressBar } from '../progress';
import { formatBytes, formatSeconds, mibPerSecond } from '../sizes';

const HELP = `
Writes every tensor of the spec (see "kaiming spec") to a safetensors file,
streaming, in bounded memory; the spec is stored in the file's __metadata__,
so "kaiming verify MODEL.safetensors" can make every tensor again and compare.
The file is written under a temporary name, synced and renamed when complete.

Examples:
  kaiming spec gpt2 --seed 0 > gpt2.json
  kaiming init-model gpt2.json -o gpt2.safetensors
  kaiming init-model gpt2.json -o gpt2-rank1.safetensors --shard 1/8 --shard-dim 0
  kaiming init-model llama.json --out-dir llama-ckpt --max-shard-size 2GB
  kaiming init-model llama.json -o llama-rank{rank}.safetensors --tp 8            (all 8 ranks, one pass)
  kaiming init-model llama.json -o llama-rank{rank}.safetensors --tp 8 --rank 3   (rank 3 only)
  kaiming init-model llama.json --out-dir 'ckpt/rank{rank}' --tp 4 --fsdp 2       (a checkpoint directory per rank)
  kaiming init-model moe.json -o 'moe-rank{rank}.safetensors' --ep 8 --tp 2      (experts over 8 ranks, 16 files)
  kaiming init-model dsv3.json --out-dir ckpt --dry-run                         (the plan: files, bytes; nothing written)
  kaiming init-model dsv3.json --out-dir ckpt --resume                          (after a kill or SIGTERM: finish the run)
  torchrun --nproc_per_node 8 --no_python kaiming init-model llama.json -o r{rank}.safetensors --tp 4 --fsdp 2 --rank auto

--out-dir writes model-00001-of-0000N.safetensors … and model.safetensors.index.json as
huggingface_hub splits them (or one model.safetensors), plus the spec's config.json.

--tp/--fsdp cut every tensor by its "parallel" plan in the spec (colwise, rowwise, vocab,
replicate; FSDP: Shard(0) of each TP part). --ep N places the experts of every tensor with an
"experts" field contiguously over N ranks (per-expert tensors only on their rank, fused [E, …]
tensors cut on the expert dimension; the expert count must be a multiple of N). The world is
tp × ep × fsdp, TP innermost: rank = (fsdp_rank * ep + ep_rank) * tp + tp_rank.

--resume (with --out-dir) keeps the files a stopped run completed (same spec, seed and split:
their headers are byte for byte this run's) and writes the rest; the directory ends equal to an
uninterrupted run's. Temporary files of a killed run (model-….safetensors.tmp-PID-…, the PID no
longer alive) are removed by the next run, with or without --resume or --force.
SIGTERM (what Slurm sends before preempting) stops the run cleanly: the file being written is
removed, completed files stay, and the exit status is 143 (SIGINT: 130).
--dry-run prints what would be written (outputs, files, tensors, bytes per rank) and writes nothing.
--rank auto reads RANK/WORLD_SIZE (torchrun), SLURM_PROCID/SLURM_NTASKS (srun),
OMPI_COMM_WORLD_RANK/_SIZE (Open MPI mpirun) or PMI_RANK/PMI_SIZE (MPICH).`;

/** Parses "RANK/WORLD". */
export function parseShard(text: string): Shard {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text);
  if (m === null) throw new UsageError(`Expected RANK/WORLD (e.g. 0/8) for --shard but received ${JSON.stringify(text)} (string)`);
  const rank = Number(m[1]);
  const world = Number(m[2]);
  if (world < 1 || rank >= world) throw new UsageError(`Expected 0 ≤ RANK < WORLD for --shard but received ${JSON.stringify(text)} (string)`);
  return { rank, world };
}

function parseShardDim(text: string | undefined, shard: string | undefined): ShardDim | undefined {
  if (text === undefined) return undefined;
  if (text !== '0' && text !== '1') throw new UsageError(`Expected 0 or 1 for --shard-dim but received ${JSON.stringify(text)} (string)`);
  if (shard === undefined) throw new UsageError('Expected --shard with --shard-dim');
  return text === '1' ? 1 : 0;
}

/** The command line's names of the library's arguments, for messages worded once (lib/cli/program.ts cliMessage). */
const WORDS: CliWords = {
  flags: {
    'parallel.tp': '--tp',
    'parallel.ep': '--ep',
    'parallel.fsdp': '--fsdp',
    'parallel.rank': '--rank',
    'parallel.scheme': '--scheme',
    maxShardSize: '--max-shard-size',
    out: '-o',
    outDir: '--out-dir',
    threads: '--threads',
  },
};

export function registerInitModel(ctx: CommandContext): void {
  ctx
    .command('init-model')
    .description('write every tensor of a model spec to a .safetensors file')
    .argument('[spec]', 'the model spec (JSON), e.g. from "kaiming spec" (none with --hf-config)')
    .option('--hf-config <file>', 'a Hugging Face config.json instead of a spec (as "kaiming spec --hf-config" makes it)')
    .option('--seed <n>', 'with --hf-config: the seed (default 0)')
    .option('--recipe <name>', 'with --hf-config: the initialisation recipe (default hf)')
    .option('--ignore-pad-token', 'with --hf-config: draw the pad_token_id embedding row like the others')
    .option('-o, --out <file>', 'output file (*.safetensors)')
    .option('--out-dir <dir>', 'write a Hugging Face checkpoint directory instead of one file')
    .option('--max-shard-size <size>', 'with --out-dir: largest file, e.g. 5GB (default), 500MB, or bytes')
    .option('--resume', 'with --out-dir: keep the files a stopped run completed, write the rest')
    .option('--dry-run', 'print what would be written (files, tensors, bytes per rank); write nothing')
    .option('--shard <rank/world>', 'write only this rank\'s part of every tensor, e.g. 0/8')
    .option('--shard-dim <dim>', 'the dimension --shard splits: 0 (rows, default) or 1 (columns)')
    .option('--tp <n>', 'tensor-parallel size: cut tensors by the spec\'s per-tensor plan')
    .option('--ep <n>', 'expert-parallel size: experts placed contiguously over n ranks')
    .option('--fsdp <n>', 'FSDP size: Shard(0) of every tensor\'s TP part (torch.chunk\'s rule)')
    .option('--rank <r|auto>', 'this process\'s global rank, or "auto" from torchrun/Slurm/MPI; omitted with --tp/--ep/--fsdp: every rank in one pass')
    .option('--scheme <name>', 'how TP splits uneven sizes: dtensor (torch.chunk) or megatron (must divide); default the spec\'s')
    .option('--threads <n>', 'threads to use (values never depend on it)')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .addHelpText('after', HELP)
    .action(ctx.action('kaiming init-model', (specPath: string | undefined, opts: Record<string, string | boolean | undefined>) => initModelAction(ctx, specPath, opts), WORDS));
}

/** What one run writes: a file (-o) or a checkpoint directory (--out-dir). */
interface Target<P extends InitModelProgress, R> {
  run(signal: AbortSignal, onProgress: ((p: P) => void) | undefined): Promise<R>;
  /** Extra progress-bar fields, before the common ones. */
  fields?(p: P): Record<string, string>;
  format: string;
  summary(result: R): string;
  /** What a stopped run left. */
  stopped: string;
}

/** A parallel job from --tp/--ep/--fsdp/--rank/--scheme. */
interface Job {
  tp: number;
  ep: number;
  fsdp: number;
  rank: number | undefined;
  scheme: ParallelScheme | undefined;
}

/** The command line, read: where to write, which part, and how. */
interface Run {
  quiet: boolean;
  spec: ResolvedSpec;
  /** The -o file or the --out-dir directory (may hold {rank}). */
  out: string;
  dir: boolean;
  maxShardSize?: number;
  resume: boolean;
  shard?: Shard;
  shardDim?: ShardDim;
  job?: Job;
  common: { force: boolean; threads?: number };
}

function jobOption(job: Job, rank: number | undefined): ParallelOption {
  return { tp: job.tp, ep: job.ep, fsdp: job.fsdp, ...(rank === undefined ? {} : { rank }), ...(job.scheme === undefined ? {} : { scheme: job.scheme }) };
}

function jobText(job: Job): string {
  return job.ep > 1 ? `tp ${job.tp} × ep ${job.ep} × fsdp ${job.fsdp}` : `tp ${job.tp} × fsdp ${job.fsdp}`;
}

function jobRanks(job: Job): number[] {
  return job.rank === undefined ? Array.from({ length: job.tp * job.ep * job.fsdp }, (_, r) => r) : [job.rank];
}

/** Either a spec file or --hf-config, whose flags come only with it. */
function checkSpecSource(specPath: string | undefined, opts: Record<string, string | boolean | undefined>): void {
  if ((specPath === undefined) === (opts.hfConfig === undefined)) throw new UsageError('Expected a spec file or --hf-config FILE (one of them)');
  if (opts.hfConfig !== undefined) return;
  for (const [flag, name] of [['seed', '--seed'], ['recipe', '--recipe'], ['ignorePadToken', '--ignore-pad-token']] as const) {
    if (opts[flag] !== undefined) throw new UsageError(`Expected --hf-config with ${name} (a spec file has its own)`);
  }
}

/** The spec: the <spec> file, or the one made from --hf-config's config.json. */
function readSpec(specPath: string | undefined, opts: Record<string, string | boolean | undefined>): ResolvedSpec {
  if (typeof opts.hfConfig === 'string') return resolveSpec(hfConfigSpec(opts.hfConfig, opts));
  return parseSpec(fs.readFileSync(specPath as string, 'utf8'), `"${specPath}"`);
}

async function initModelAction(ctx: CommandContext, specPath: string | undefined, opts: Record<string, string | boolean | undefined>): Promise<number> {
  checkSpecSource(specPath, opts);
  const outDir = opts.outDir;
  if (typeof outDir === 'string' && opts.out !== undefined) throw new UsageError('Expected either -o FILE or --out-dir DIR, not both');
  if (typeof outDir !== 'string' && opts.maxShardSize !== undefined) throw new UsageError('Expected --out-dir with --max-shard-size');
  if (typeof outDir !== 'string' && opts.resume === true) throw new UsageError('Expected --out-dir with --resume (a single file is written whole or not at all)');
  if (typeof outDir !== 'string' && typeof opts.out !== 'string') throw new UsageError('Expected an output file (-o MODEL.safetensors) or --out-dir DIR');
  const dir = typeof outDir === 'string';
  const out = dir ? outDir : (opts.out as string);
  const flag = dir ? '--out-dir' : '-o';
  const maxShardSize = opts.maxShardSize === undefined ? undefined : parseShardSize(String(opts.maxShardSize), '--max-shard-size');
  const shardArg = opts.shard as string | undefined;
  const shardDim = parseShardDim(opts.shardDim as string | undefined, shardArg);
  const shard = shardArg === undefined ? undefined : parseShard(shardArg);
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  const force = opts.force === true;
  const dryRun = opts.dryRun === true;
  const job = parallelJob(opts, shard !== undefined);
  if (job !== undefined) {
    if (job.rank === undefined && job.tp * job.ep * job.fsdp > 1 && !out.includes('{rank}')) {
      throw new UsageError(`Expected an output name holding {rank} for ${flag} (one ${dir ? 'directory' : 'file'} per rank) but received ${JSON.stringify(out)} (string)`);
    }
    // A checkpoint directory's files are checked by writeCheckpoint itself (an existing checkpoint is refused without --force).
    if (!force && !dir && !dryRun) for (const r of jobRanks(job)) refuseExistingSync(rankPath(out, r), '--force');
  } else {
    // {rank} is the shard's rank (the API substitutes it too); without a rank it is refused.
    const resolved = outputPath(out, shard?.rank, flag);
    if (!dir && !force && !dryRun) refuseExistingSync(resolved, '--force');
  }
  const spec = await work(async () => readSpec(specPath, opts));
  if (job !== undefined) {
    // Refused before any file is made, naming --ep: an expert count it does not divide.
    checkSplit(spec, { ep: job.ep, placements: jobRanks(job).map((r) => placementOfRank(r, job.tp, job.fsdp, job.scheme ?? spec.parallelScheme ?? 'dtensor', job.ep)) }, '--ep');
  }
  const run: Run = {
    quiet: opts.quiet === true,
    spec,
    out,
    dir,
    resume: opts.resume === true,
    ...(maxShardSize === undefined ? {} : { maxShardSize }),
    ...(shard === undefined ? {} : { shard, shardDim: shardDim ?? 0 }),
    ...(job === undefined ? {} : { job }),
    common: { force, ...(threads === undefined ? {} : { threads }) },
  };
  if (dryRun) return printPlan(ctx, run);
  if (job !== undefined && dir) return runParallelCheckpoints(ctx, run, job);
  if (job !== undefined) return runParallelJob(ctx, run, job);
  return dir ? runCheckpoint(ctx, run) : runFile(ctx, run);
}

function shardOptions(run: Run): { shard?: Shard; shardDim?: ShardDim } {
  return run.shard === undefined ? {} : { shard: run.shard, shardDim: run.shardDim ?? 0 };
}

function shardText(run: Run): string {
  return run.shard === undefined ? '' : ` (shard ${run.shard.rank}/${run.shard.world}, dim ${run.shardDim ?? 0})`;
}

const CHECKPOINT_FORMAT = ' | {file}tensors {tensors} | {done}/{bytes} | {rate} MiB/s';
const fileField = (p: CheckpointProgress) => ({ file: `file ${p.filesDone + 1}/${p.files} | ` });
const DIRECTORY_STOPPED = 'the files completed are kept and the one being written was removed; run again with --resume to finish';

/** --out-dir: one checkpoint directory. */
function runCheckpoint(ctx: CommandContext, run: Run): Promise<number> {
  const { maxShardSize } = run;
  return runTarget<CheckpointProgress, WriteCheckpointResult>(ctx, run.quiet, {
    run: (signal, onProgress) =>
      writeCheckpoint(run.spec, { outDir: run.out, signal, ...run.common, resume: run.resume, ...shardOptions(run), ...(maxShardSize === undefined ? {} : { maxShardSize }), onProgress }),
    fields: fileField,
    format: CHECKPOINT_FORMAT,
    summary: (r) => {
      const extra = [r.index === undefined ? '' : ' + index', r.config === undefined ? '' : ' + config.json'].join('');
      const seconds = r.elapsedMs / 1000;
      return `kaiming: wrote ${r.dir}${shardText(run)}: ${r.files.length} file(s)${extra}${keptText(r)}, ${r.tensors} tensors, ${formatBytes(r.totalSize)} in ${formatSeconds(seconds)} (${mibPerSecond(r.totalSize, seconds)} MiB/s)`;
    },
    stopped: `in ${run.out}, ${DIRECTORY_STOPPED}`,
  });
}

function keptText(r: WriteCheckpointResult): string {
  return r.kept.length === 0 ? '' : ` (${r.kept.length} kept from the stopped run)`;
}

/** -o: one file. */
function runFile(ctx: CommandContext, run: Run): Promise<number> {
  return runTarget<InitModelProgress, InitModelResult>(ctx, run.quiet, {
    run: (signal, onProgress) => initModel(run.spec, { out: run.out, signal, ...run.common, ...shardOptions(run), onProgress }),
    format: ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
    summary: (r) => {
      const seconds = r.elapsedMs / 1000;
      return (
        `kaiming: wrote ${r.path}${shardText(run)}: ${r.tensors} tensors, ${formatBytes(r.fileBytes)} in ${formatSeconds(seconds)} ` +
        `(${mibPerSecond(r.dataBytes, seconds)} MiB/s), seed ${r.seed}`
      );
    },
    stopped: `${run.out} was not written`,
  });
}

/** Runs a writer with the progress bar, the summary line, and SIGINT/SIGTERM handling. */
async function runTarget<P extends InitModelProgress, R>(ctx: CommandContext, quiet: boolean, target: Target<P, R>): Promise<number> {
  const err = ctx.io.stderr;
  const interrupt = interruptible({ terminate: true });
  const bar = ProgressBar.create(err, 'init-model', 1, quiet, target.format);
  try {
    const result = await work(() =>
      target.run(
        interrupt.signal,
        bar === undefined
          ? undefined
          : (p) =>
              bar.update(p.bytes > 0 ? p.bytesDone / p.bytes : 1, {
                ...target.fields?.(p),
                tensors: `${p.tensorsDone}/${p.tensors}`,
                done: formatBytes(p.bytesDone),
                bytes: formatBytes(p.bytes),
                rate: mibPerSecond(p.bytesDone, p.elapsedMs / 1000),
              }),
      ),
    );
    bar?.finish();
    if (!quiet) err.write(`${target.summary(result)}\n`);
    return EXIT.ok;
  } catch (error) {
    bar?.finish();
    if (interrupt.signal.aborted) {
      err.write(`kaiming init-model: stopped by ${interrupt.stoppedBy() ?? 'an interrupt'}; ${target.stopped}\n`);
      return interrupt.status();
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** The parallel job of --tp/--ep/--fsdp/--rank/--scheme, or undefined without them. */
function parallelJob(opts: Record<string, string | boolean | undefined>, sharded: boolean): Job | undefined {
  const given = ['tp', 'ep', 'fsdp', 'rank', 'scheme'].filter((k) => opts[k] !== undefined);
  if (given.length === 0) return undefined;
  if (sharded) throw new UsageError(`Expected either --shard or --${given[0]}, not both`);
  let tp = opts.tp === undefined ? undefined : parseInteger(String(opts.tp), '--tp', 1, 1 << 20);
  const ep = opts.ep === undefined ? 1 : parseInteger(String(opts.ep), '--ep', 1, 1 << 20);
  const fsdp = opts.fsdp === undefined ? 1 : parseInteger(String(opts.fsdp), '--fsdp', 1, 1 << 20);
  const scheme = opts.scheme === undefined ? undefined : oneOf(opts.scheme, '--scheme', PARALLEL_SCHEMES);
  let rank: number | undefined;
  if (opts.rank === 'auto') {
    const launched = rankFromEnvironment();
    // The launcher's world is the job: --tp defaults to what --ep and --fsdp leave of it.
    const others = ep * fsdp;
    const named = ep > 1 ? `--ep ${ep} × --fsdp ${fsdp}` : `--fsdp ${fsdp}`;
    if (tp === undefined) {
      if (launched.world % others !== 0) throw new UsageError(`Expected a world size divisible by ${named} but received ${launched.world} from ${launched.sources.join(', ')}`);
      tp = launched.world / others;
    }
    if (tp * others !== launched.world) {
      throw new UsageError(`Expected --tp ${tp} × ${named} = ${tp * others} to equal the launcher's world size but received ${launched.world} from ${launched.sources.join(', ')}`);
    }
    rank = launched.rank;
  } else if (opts.rank !== undefined) {
    rank = parseInteger(String(opts.rank), '--rank', 0, (tp ?? 1) * ep * fsdp - 1);
  }
  return { tp: tp ?? 1, ep, fsdp, rank, scheme };
}

/** --out-dir with --tp/--ep/--fsdp: one checkpoint directory per rank (`{rank}` in its name), each rank's parts split as huggingface_hub splits files. */
function runParallelCheckpoints(ctx: CommandContext, run: Run, job: Job): Promise<number> {
  const ranks = jobRanks(job);
  const { maxShardSize } = run;
  return runTarget<CheckpointProgress, WriteCheckpointResult[]>(ctx, run.quiet, {
    run: async (signal, onProgress) => {
      const results: WriteCheckpointResult[] = [];
      for (const r of ranks) {
        const options = { outDir: run.out, parallel: jobOption(job, r), signal, ...run.common, resume: run.resume, onProgress };
        results.push(await writeCheckpoint(run.spec, { ...options, ...(maxShardSize === undefined ? {} : { maxShardSize }) }));
      }
      return results;
    },
    fields: fileField,
    format: CHECKPOINT_FORMAT,
    summary: (results) =>
      results
        .map((r, i) => {
          const seconds = r.elapsedMs / 1000;
          return `kaiming: wrote ${r.dir} (rank ${ranks[i]} of ${jobText(job)}): ${r.files.length} file(s)${r.index === undefined ? '' : ' + index'}${keptText(r)}, ${r.tensors} tensors, ${formatBytes(r.totalSize)} in ${formatSeconds(seconds)}`;
        })
        .join('\n'),
    stopped: `the rank directories finished are complete; in the one being written, ${DIRECTORY_STOPPED}`,
  });
}

/** Writes one rank's file (--rank) or every rank's in one pass. */
function runParallelJob(ctx: CommandContext, run: Run, job: Job): Promise<number> {
  const { rank } = job;
  return runTarget<InitModelProgress, InitModelResult[]>(ctx, run.quiet, {
    run: async (signal, onProgress) =>
      rank === undefined
        ? initModelRanks(run.spec, { out: run.out, ...jobOption(job, undefined), signal, ...run.common, onProgress })
        : [await initModel(run.spec, { out: run.out, parallel: jobOption(job, rank), signal, ...run.common, onProgress })],
    format: ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
    summary: (results) =>
      results
        .map((r, i) => {
          const seconds = r.elapsedMs / 1000;
          return (
            `kaiming: wrote ${r.path} (rank ${rank ?? i} of ${jobText(job)}): ${r.tensors} tensors, ${formatBytes(r.fileBytes)} in ` +
            `${formatSeconds(seconds)} (${mibPerSecond(r.dataBytes, seconds)} MiB/s), seed ${r.seed}`
          );
        })
        .join('\n'),
    stopped: 'no rank file was written',
  });
}

/** --dry-run: the plan on stdout, nothing written. */
function printPlan(ctx: CommandContext, run: Run): number {
  const plan = planRun(run.spec, {
    ...(run.dir ? { outDir: run.out } : { out: run.out }),
    ...(run.maxShardSize === undefined ? {} : { maxShardSize: run.maxShardSize }),
    ...shardOptions(run),
    ...(run.job === undefined ? {} : { parallel: jobOption(run.job, run.job.rank) }),
  });
  ctx.io.stdout.write(`${planText(plan, run)}\n`);
  return EXIT.ok;
}

/** The plan as lines: the model, then one line per output (and per file of a directory). */
export function planText(plan: RunPlan, run: Pick<Run, 'dir' | 'job'>): string {
  const lines = [`kaiming init-model: dry run, nothing written: ${plan.tensors} tensors, ${plan.elements} parameters, ${plan.bytes} bytes (${formatBytes(plan.bytes)})`];
  for (const o of plan.outputs) {
    const where = o.rank === undefined || run.job === undefined ? '' : ` (rank ${o.rank} of ${jobText(run.job)})`;
    const files = o.files === undefined ? '' : `, ${o.files.length} file(s)${o.files.length > 1 ? ' + index' : ''}`;
    lines.push(`${o.path}${where}: ${o.tensors} tensors, ${o.bytes} bytes (${formatBytes(o.bytes)})${files}`);
    for (const f of o.files ?? []) lines.push(`  ${f.name}: ${f.tensors} tensors, ${f.bytes} bytes`);
  }
  return lines.join('\n');
}
