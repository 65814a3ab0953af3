/**
 * `kaiming init-model SPEC.json -o MODEL.safetensors [--shard R/W --shard-dim 0|1]`:
 * every tensor of a model spec into one safetensors file, streaming, in bounded memory;
 * `--out-dir DIR [--max-shard-size 5GB]` writes a Hugging Face checkpoint directory instead
 * (lib/model/checkpoint.ts).
 */
import * as fs from 'node:fs';
import type { Shard, ShardDim } from '../../model/pieces';
import { parseSpec } from '../../model/spec';
import { initModel } from '../../model/write';
import { parseShardSize, writeCheckpoint } from '../../model/checkpoint';
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

async function initModelAction(ctx: CommandContext, specPath: string, opts: Record<string, string | boolean | undefined>): Promise<number> {
  const err = ctx.io.stderr;
  if (typeof opts.outDir === 'string') return checkpointAction(ctx, specPath, opts);
  if (opts.maxShardSize !== undefined) throw new UsageError('Expected --out-dir with --max-shard-size');
  if (typeof opts.out !== 'string') throw new UsageError('Expected an output file (-o MODEL.safetensors) or --out-dir DIR');
  const out = opts.out;
  const shardText = opts.shard as string | undefined;
  const shardDim = parseShardDim(opts.shardDim as string | undefined, shardText);
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  const force = opts.force === true;
  const quiet = opts.quiet === true;
  if (!force) refuseExistingSync(out, '--force');
  const spec = await work(async () => parseSpec(fs.readFileSync(specPath, 'utf8'), `"${specPath}"`));

  const interrupt = interruptible();
  const bar = ProgressBar.create(err, 'init-model', 1, quiet, ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s');
  try {
    const result = await work(() =>
      initModel(spec, {
        out,
        signal: interrupt.signal,
        force,
        ...(threads === undefined ? {} : { threads }),
        ...(shard === undefined ? {} : { shard, shardDim: shardDim ?? 0 }),
        onProgress: bar === undefined
          ? undefined
          : (p) => {
              bar.update(p.bytes > 0 ? p.bytesDone / p.bytes : 1, {
                tensors: `${p.tensorsDone}/${p.tensors}`,
                done: formatBytes(p.bytesDone),
                bytes: formatBytes(p.bytes),
                rate: mibPerSecond(p.bytesDone, p.elapsedMs / 1000),
              });
            },
      }),
    );
    bar?.finish();
    if (!quiet) {
      const seconds = result.elapsedMs / 1000;
      const part = shard === undefined ? '' : ` (shard ${shard.rank}/${shard.world}, dim ${shardDim ?? 0})`;
      err.write(
        `kaiming: wrote ${result.path}${part}: ${result.tensors} tensors, ${formatBytes(result.fileBytes)} in ${formatSeconds(seconds)} ` +
          `(${mibPerSecond(result.dataBytes, seconds)} MiB/s), seed ${result.seed}\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    bar?.finish();
    if (interrupt.signal.aborted) {
      err.write(`kaiming init-model: interrupted; ${out} was not written\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** `init-model SPEC --out-dir DIR [--max-shard-size 5GB]`: a checkpoint directory. */
async function checkpointAction(ctx: CommandContext, specPath: string, opts: Record<string, string | boolean | undefined>): Promise<number> {
  const err = ctx.io.stderr;
  if (opts.out !== undefined) throw new UsageError('Expected either -o FILE or --out-dir DIR, not both');
  const outDir = opts.outDir as string;
  const maxShardSize = opts.maxShardSize === undefined ? undefined : parseShardSize(String(opts.maxShardSize), '--max-shard-size');
  const shardText = opts.shard as string | undefined;
  const shardDim = parseShardDim(opts.shardDim as string | undefined, shardText);
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  const quiet = opts.quiet === true;
  const spec = await work(async () => parseSpec(fs.readFileSync(specPath, 'utf8'), `"${specPath}"`));
  const interrupt = interruptible();
  const bar = ProgressBar.create(err, 'init-model', 1, quiet, ' | {file} | tensors {tensors} | {done}/{bytes} | {rate} MiB/s');
  try {
    const result = await work(() =>
      writeCheckpoint(spec, {
        outDir,
        signal: interrupt.signal,
        force: opts.force === true,
        ...(maxShardSize === undefined ? {} : { maxShardSize }),
        ...(threads === undefined ? {} : { threads }),
        ...(shard === undefined ? {} : { shard, shardDim: shardDim ?? 0 }),
        onProgress: bar === undefined
          ? undefined
          : (p) => {
              bar.update(p.bytes > 0 ? p.bytesDone / p.bytes : 1, {
                file: `file ${p.filesDone + 1}/${p.files}`,
                tensors: `${p.tensorsDone}/${p.tensors}`,
                done: formatBytes(p.bytesDone),
                bytes: formatBytes(p.bytes),
                rate: mibPerSecond(p.bytesDone, p.elapsedMs / 1000),
              });
            },
      }),
    );
    bar?.finish();
    if (!quiet) {
      const seconds = result.elapsedMs / 1000;
      const extra = [result.index === undefined ? undefined : 'index', result.config === undefined ? undefined : 'config.json'].filter((x) => x !== undefined);
      err.write(
        `kaiming: wrote ${result.dir}: ${result.files.length} file(s)${extra.length > 0 ? ` + ${extra.join(' + ')}` : ''}, ${result.tensors} tensors, ` +
          `${formatBytes(result.totalSize)} in ${formatSeconds(seconds)} (${mibPerSecond(result.totalSize, seconds)} MiB/s)\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    bar?.finish();
    if (interrupt.signal.aborted) {
      err.write(`kaiming init-model: interrupted; ${outDir} was left without this run's files\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}
