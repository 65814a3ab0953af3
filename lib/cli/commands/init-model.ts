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

--out-dir writes model-00001-of-0000N.safetensors … and model.safetensors.index.json as
huggingface_hub splits them (or one model.safetensors), plus the spec's config.json.`;

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
  if (typeof outDir !== 'string' && !force) refuseExistingSync(opts.out as string, '--force');
  const spec = await work(async () => parseSpec(fs.readFileSync(specPath, 'utf8'), `"${specPath}"`));
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
