/**
 * `kaiming init-model SPEC.json -o MODEL.safetensors [--shard R/W --shard-dim 0|1]`:
 * every tensor of a model spec into one safetensors file, streaming, in bounded memory;
 * `--out-dir DIR [--max-shard-size 5GB]` writes a Hugging Face checkpoint directory instead
 * (lib/model/checkpoint.ts).
 */
import * as fs from 'node:fs';
import type { Shard, ShardDim } from '../../model/pieces';
import { parseSpec } from '../../model/spec';
import { initModel, type InitModelProgress, type InitModelResult } from '../../model/write';
import { initModelRanks } from '../../model/write-ranks';
import { rankFromEnvironment } from '../../model/launcher';
import { checkScheme, type ParallelScheme } from '../../model/parallel';
import { outputPath, rankPath } from '../../model/ranks';
import { parseShardSize, writeCheckpoint, type CheckpointProgress, type WriteCheckpointResult } from '../../model/checkpoint';
import { refuseExistingSync } from '../../io/files';
import { UsageError, parseInteger } from '../args';
import { EXIT, interruptible, work, type CommandContext } from '../program';
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
  torchrun --nproc_per_node 8 --no_python kaiming init-model llama.json -o r{rank}.safetensors --tp 4 --fsdp 2 --rank auto

--out-dir writes model-00001-of-0000N.safetensors … and model.safetensors.index.json as
huggingface_hub splits them (or one model.safetensors), plus the spec's config.json.

--tp/--fsdp cut every tensor by its "parallel" plan in the spec (colwise, rowwise, vocab,
replicate; FSDP: Shard(0) of each TP part); ranks are TP-innermost: rank = fsdp_rank * tp + tp_rank.
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

export function registerInitModel(ctx: CommandContext): void {
  ctx
    .command('init-model')
    .description('write every tensor of a model spec to a .safetensors file')
    .argument('<spec>', 'the model spec (JSON), e.g. from "kaiming spec"')
    .option('-o, --out <file>', 'output file (*.safetensors)')
    .option('--out-dir <dir>', 'write a Hugging Face checkpoint directory instead of one file')
    .option('--max-shard-size <size>', 'with --out-dir: largest file, e.g. 5GB (default), 500MB, or bytes')
    .option('--shard <rank/world>', 'write only this rank\'s part of every tensor, e.g. 0/8')
    .option('--shard-dim <dim>', 'the dimension --shard splits: 0 (rows, default) or 1 (columns)')
    .option('--tp <n>', 'tensor-parallel size: cut tensors by the spec\'s per-tensor plan')
    .option('--fsdp <n>', 'FSDP size: Shard(0) of every tensor\'s TP part (torch.chunk\'s rule)')
    .option('--rank <r|auto>', 'this process\'s global rank, or "auto" from torchrun/Slurm/MPI; omitted with --tp/--fsdp: every rank in one pass')
    .option('--scheme <name>', 'how TP splits uneven sizes: dtensor (torch.chunk) or megatron (must divide); default the spec\'s')
    .option('--threads <n>', 'threads to use (values never depend on it)')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .addHelpText('after', HELP)
    .action(ctx.action('kaiming init-model', (specPath: string, opts: Record<string, string | boolean | undefined>) => initModelAction(ctx, specPath, opts)));
}

/** What one run writes: a file (-o) or a checkpoint directory (--out-dir). */
interface Target<P extends InitModelProgress, R> {
  run(signal: AbortSignal, onProgress: ((p: P) => void) | undefined): Promise<R>;
  /** Extra progress-bar fields, before the common ones. */
  fields?(p: P): Record<string, string>;
  format: string;
  summary(result: R): string;
  /** What an interrupted run left. */
  interrupted: string;
}

async function initModelAction(ctx: CommandContext, specPath: string, opts: Record<string, string | boolean | undefined>): Promise<number> {
  const outDir = opts.outDir;
  if (typeof outDir === 'string' && opts.out !== undefined) throw new UsageError('Expected either -o FILE or --out-dir DIR, not both');
  if (typeof outDir !== 'string' && opts.maxShardSize !== undefined) throw new UsageError('Expected --out-dir with --max-shard-size');
  if (typeof outDir !== 'string' && typeof opts.out !== 'string') throw new UsageError('Expected an output file (-o MODEL.safetensors) or --out-dir DIR');
  const maxShardSize = opts.maxShardSize === undefined ? undefined : parseShardSize(String(opts.maxShardSize), '--max-shard-size');
  const shardText = opts.shard as string | undefined;
  const shardDim = parseShardDim(opts.shardDim as string | undefined, shardText);
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  const force = opts.force === true;
  const common = {
    force,
    ...(threads === undefined ? {} : { threads }),
    ...(shard === undefined ? {} : { shard, shardDim: shardDim ?? 0 }),
  };
  const part = shard === undefined ? '' : ` (shard ${shard.rank}/${shard.world}, dim ${shardDim ?? 0})`;
  const job = parallelJob(opts, shard !== undefined);
  if (job !== undefined) {
    const out = typeof outDir === 'string' ? outDir : (opts.out as string);
    const flag = typeof outDir === 'string' ? '--out-dir' : '-o';
    if (job.rank === undefined && job.tp * job.fsdp > 1 && !out.includes('{rank}')) {
      throw new UsageError(`Expected an output name holding {rank} for ${flag} (one ${typeof outDir === 'string' ? 'directory' : 'file'} per rank) but received ${JSON.stringify(out)} (string)`);
    }
    const ranks = job.rank === undefined ? Array.from({ length: job.tp * job.fsdp }, (_, r) => r) : [job.rank];
    // A checkpoint directory's files are checked by writeCheckpoint itself (an existing checkpoint is refused without --force).
    if (!force && typeof outDir !== 'string') for (const r of ranks) refuseExistingSync(rankPath(out, r), '--force');
  } else {
    // {rank} is the shard's rank (the API substitutes it too); without a rank it is refused.
    const named = typeof outDir === 'string' ? outDir : (opts.out as string);
    let resolved: string;
    try {
      resolved = outputPath(named, shard?.rank, typeof outDir === 'string' ? '--out-dir' : '-o');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (typeof outDir !== 'string' && !force) refuseExistingSync(resolved, '--force');
  }
  const spec = await work(async () => parseSpec(fs.readFileSync(specPath, 'utf8'), `"${specPath}"`));
  if (job !== undefined && typeof outDir === 'string') return runParallelCheckpoints(ctx, { quiet: opts.quiet === true, spec, outDir, job, common, ...(maxShardSize === undefined ? {} : { maxShardSize }) });
  if (job !== undefined) return runParallelJob(ctx, opts.quiet === true, spec, opts.out as string, job, common);
  if (typeof outDir === 'string') {
    return runTarget<CheckpointProgress, WriteCheckpointResult>(ctx, opts.quiet === true, {
      run: (signal, onProgress) => writeCheckpoint(spec, { outDir, signal, ...common, ...(maxShardSize === undefined ? {} : { maxShardSize }), onProgress }),
      fields: (p) => ({ file: `file ${p.filesDone + 1}/${p.files} | ` }),
      format: ' | {file}tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
      summary: (r) => {
        const extra = [r.index === undefined ? '' : ' + index', r.config === undefined ? '' : ' + config.json'].join('');
        const seconds = r.elapsedMs / 1000;
        return `kaiming: wrote ${r.dir}${part}: ${r.files.length} file(s)${extra}, ${r.tensors} tensors, ${formatBytes(r.totalSize)} in ${formatSeconds(seconds)} (${mibPerSecond(r.totalSize, seconds)} MiB/s)`;
      },
      interrupted: `${outDir} was left without this run's files`,
    });
  }
  const out = opts.out as string;
  return runTarget<InitModelProgress, InitModelResult>(ctx, opts.quiet === true, {
    run: (signal, onProgress) => initModel(spec, { out, signal, ...common, onProgress }),
    format: ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
    summary: (r) => {
      const seconds = r.elapsedMs / 1000;
      return (
        `kaiming: wrote ${r.path}${part}: ${r.tensors} tensors, ${formatBytes(r.fileBytes)} in ${formatSeconds(seconds)} ` +
        `(${mibPerSecond(r.dataBytes, seconds)} MiB/s), seed ${r.seed}`
      );
    },
    interrupted: `${out} was not written`,
  });
}

/** Runs a writer with the progress bar, the summary line and Ctrl-C handling. */
async function runTarget<P extends InitModelProgress, R>(ctx: CommandContext, quiet: boolean, target: Target<P, R>): Promise<number> {
  const err = ctx.io.stderr;
  const interrupt = interruptible();
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
      err.write(`kaiming init-model: interrupted; ${target.interrupted}\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** The parallel job of --tp/--fsdp/--rank/--scheme, or undefined without them. */
function parallelJob(
  opts: Record<string, string | boolean | undefined>,
  sharded: boolean,
): { tp: number; fsdp: number; rank: number | undefined; scheme: ParallelScheme | undefined } | undefined {
  const given = ['tp', 'fsdp', 'rank', 'scheme'].filter((k) => opts[k] !== undefined);
  if (given.length === 0) return undefined;
  if (sharded) throw new UsageError(`Expected either --shard or --${given[0]}, not both`);
  let tp = opts.tp === undefined ? undefined : parseInteger(String(opts.tp), '--tp', 1, 1 << 20);
  const fsdp = opts.fsdp === undefined ? 1 : parseInteger(String(opts.fsdp), '--fsdp', 1, 1 << 20);
  let scheme: ParallelScheme | undefined;
  if (opts.scheme !== undefined) {
    try {
      scheme = checkScheme(String(opts.scheme), '--scheme');
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/^--scheme: /, '').replace(/ but received/, ' for --scheme but received'));
    }
  }
  let rank: number | undefined;
  if (opts.rank === 'auto') {
    let launched: ReturnType<typeof rankFromEnvironment>;
    try {
      launched = rankFromEnvironment();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    // The launcher's world is the job: --tp defaults to what --fsdp leaves of it.
    if (tp === undefined) {
      if (launched.world % fsdp !== 0) throw new UsageError(`Expected a world size divisible by --fsdp ${fsdp} but received ${launched.world} from ${launched.sources.join(', ')}`);
      tp = launched.world / fsdp;
    }
    if (tp * fsdp !== launched.world) {
      throw new UsageError(`Expected --tp ${tp} × --fsdp ${fsdp} = ${tp * fsdp} to equal the launcher's world size but received ${launched.world} from ${launched.sources.join(', ')}`);
    }
    rank = launched.rank;
  } else if (opts.rank !== undefined) {
    rank = parseInteger(String(opts.rank), '--rank', 0, (tp ?? 1) * fsdp - 1);
  }
  return { tp: tp ?? 1, fsdp, rank, scheme };
}

type Job = NonNullable<ReturnType<typeof parallelJob>>;

/** --out-dir with --tp/--fsdp: one checkpoint directory per rank (`{rank}` in its name), each rank's parts split as huggingface_hub splits files. */
function runParallelCheckpoints(
  ctx: CommandContext,
  run: { quiet: boolean; spec: ReturnType<typeof parseSpec>; outDir: string; job: Job; common: { force: boolean; threads?: number }; maxShardSize?: number },
): Promise<number> {
  const { quiet, spec, outDir, common, maxShardSize } = run;
  const { tp, fsdp, rank, scheme } = run.job;
  const ranks = rank === undefined ? Array.from({ length: tp * fsdp }, (_, r) => r) : [rank];
  return runTarget<CheckpointProgress, WriteCheckpointResult[]>(ctx, quiet, {
    run: async (signal, onProgress) => {
      const results: WriteCheckpointResult[] = [];
      for (const r of ranks) {
        const parallel = { tp, fsdp, rank: r, ...(scheme === undefined ? {} : { scheme }) };
        results.push(await writeCheckpoint(spec, { outDir, parallel, signal, ...common, ...(maxShardSize === undefined ? {} : { maxShardSize }), onProgress }));
      }
      return results;
    },
    fields: (p) => ({ file: `file ${p.filesDone + 1}/${p.files} | ` }),
    format: ' | {file}tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
    summary: (results) =>
      results
        .map((r, i) => {
          const seconds = r.elapsedMs / 1000;
          return `kaiming: wrote ${r.dir} (rank ${ranks[i]} of tp ${tp} × fsdp ${fsdp}): ${r.files.length} file(s)${r.index === undefined ? '' : ' + index'}, ${r.tensors} tensors, ${formatBytes(r.totalSize)} in ${formatSeconds(seconds)}`;
        })
        .join('\n'),
    interrupted: 'the directory being written was left without this run\'s files',
  });
}

/** Writes one rank's file (--rank) or every rank's in one pass. */
function runParallelJob(
  ctx: CommandContext,
  quiet: boolean,
  spec: ReturnType<typeof parseSpec>,
  out: string,
  job: Job,
  common: { force: boolean; threads?: number },
): Promise<number> {
  const { tp, fsdp, rank, scheme } = job;
  const schemeOption = scheme === undefined ? {} : { scheme };
  return runTarget<InitModelProgress, InitModelResult[]>(ctx, quiet, {
    run: async (signal, onProgress) =>
      rank === undefined
        ? initModelRanks(spec, { out, tp, fsdp, ...schemeOption, signal, ...common, onProgress })
        : [await initModel(spec, { out, parallel: { tp, fsdp, rank, ...schemeOption }, signal, ...common, onProgress })],
    format: ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s',
    summary: (results) =>
      results
        .map((r, i) => {
          const seconds = r.elapsedMs / 1000;
          return (
            `kaiming: wrote ${r.path} (rank ${rank ?? i} of tp ${tp} × fsdp ${fsdp}): ${r.tensors} tensors, ${formatBytes(r.fileBytes)} in ` +
            `${formatSeconds(seconds)} (${mibPerSecond(r.dataBytes, seconds)} MiB/s), seed ${r.seed}`
          );
        })
        .join('\n'),
    interrupted: 'no rank file was written',
  });
}
