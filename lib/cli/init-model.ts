/**
 * `kaiming init-model spec.json -o model.safetensors [--shard R/W --shard-dim 0|1] [--force] [--quiet]`
 * and `kaiming verify`. `initModelCommand(argv)` / `verifyCommand(argv)` parse the
 * arguments after the command name; `runInitModel(options)` / `runVerify(options)`
 * take them parsed. Exit codes: 0 done, 1 failed (or files differ), 2 usage error,
 * 130 interrupted (SIGINT).
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSpec } from '../model/spec';
import type { Shard, ShardDim } from '../model/pieces';
import { verifyModel, verifyShards, type VerifyResult } from '../model/verify';
import { initModel } from '../model/write';
import type { Output } from './io';
import { ProgressBar } from './progress';

export interface InitModelCommandOptions {
  spec: string;
  out: string;
  shard?: Shard;
  shardDim?: ShardDim;
  force?: boolean;
  quiet?: boolean;
  threads?: number;
}

export const INIT_MODEL_USAGE = `Usage: kaiming init-model SPEC.json -o MODEL.safetensors [--shard RANK/WORLD] [--shard-dim 0|1] [--force] [--quiet] [--threads N]
Writes every tensor of the spec (see "kaiming spec") to a safetensors file, streaming, in bounded memory.`;

export const VERIFY_USAGE = `Usage: kaiming verify MODEL.safetensors [--spec SPEC.json]     (regenerate and compare with the spec)
       kaiming verify --full FULL.safetensors SHARD0 SHARD1 …    (shards put together equal the full file)`;

const MiB = 1024 * 1024;

function formatBytes(n: number): string {
  return n >= 1024 * MiB ? `${(n / (1024 * MiB)).toFixed(2)} GiB` : `${(n / MiB).toFixed(1)} MiB`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${s.toFixed(1)}s`;
}

/** Parses "RANK/WORLD". */
export function parseShard(text: string): Shard {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text);
  if (m === null) throw new RangeError(`Expected RANK/WORLD (e.g. 0/8) for --shard but received ${JSON.stringify(text)} (string)`);
  const rank = Number(m[1]);
  const world = Number(m[2]);
  if (world < 1 || rank >= world) throw new RangeError(`Expected 0 ≤ RANK < WORLD for --shard but received ${JSON.stringify(text)} (string)`);
  return { rank, world };
}

/** Runs init-model with parsed options; SIGINT aborts (no file is left). */
export async function runInitModel(options: InitModelCommandOptions, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  const text = fs.readFileSync(options.spec, 'utf8');
  const spec = parseSpec(text, `"${options.spec}"`);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  const bar = ProgressBar.create(err as Output, 'init-model', 1, options.quiet === true, ' | tensors {tensors} | {done}/{bytes} | {rate} MiB/s');
  try {
    const result = await initModel(spec, {
      out: options.out,
      signal: controller.signal,
      force: options.force ?? false,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.shard === undefined ? {} : { shard: options.shard, shardDim: options.shardDim ?? 0 }),
      onProgress: bar === undefined
        ? undefined
        : (p) => {
            const seconds = p.elapsedMs / 1000;
            bar.update(p.bytes > 0 ? p.bytesDone / p.bytes : 1, {
              tensors: `${p.tensorsDone}/${p.tensors}`,
              done: formatBytes(p.bytesDone),
              bytes: formatBytes(p.bytes),
              rate: seconds > 0 ? (p.bytesDone / MiB / seconds).toFixed(0) : '0',
            });
          },
    });
    bar?.finish();
    if (!options.quiet) {
      const seconds = result.elapsedMs / 1000;
      const shard = options.shard === undefined ? '' : ` (shard ${options.shard.rank}/${options.shard.world}, dim ${options.shardDim ?? 0})`;
      err.write(
        `kaiming: wrote ${result.path}${shard}: ${result.tensors} tensors, ${formatBytes(result.fileBytes)} in ${formatSeconds(seconds)} ` +
          `(${(result.dataBytes / MiB / Math.max(seconds, 1e-9)).toFixed(0)} MiB/s), seed ${result.seed}\n`,
      );
    }
    return 0;
  } catch (error) {
    bar?.finish();
    if (controller.signal.aborted) {
      err.write(`kaiming: interrupted; ${options.out} was not written\n`);
      return 130;
    }
    err.write(`kaiming: ${(error as Error).message.replace('pass { force: true }', 'pass --force')}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Parses init-model arguments (after "init-model"). */
export function parseInitModelArgs(argv: string[]): InitModelCommandOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      shard: { type: 'string' },
      'shard-dim': { type: 'string' },
      force: { type: 'boolean', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      threads: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new RangeError(`Expected one spec file but received ${positionals.length}`);
  if (values.out === undefined) throw new RangeError('Expected an output file (-o MODEL.safetensors)');
  const dimText = values['shard-dim'];
  if (dimText !== undefined && dimText !== '0' && dimText !== '1') throw new RangeError(`Expected 0 or 1 for --shard-dim but received ${JSON.stringify(dimText)} (string)`);
  if (dimText !== undefined && values.shard === undefined) throw new RangeError('Expected --shard with --shard-dim');
  let threads: number | undefined;
  if (values.threads !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.threads)) throw new RangeError(`Expected a positive integer for --threads but received ${JSON.stringify(values.threads)} (string)`);
    threads = Number(values.threads);
  }
  return {
    spec: positionals[0],
    out: values.out,
    ...(values.shard === undefined ? {} : { shard: parseShard(values.shard), shardDim: (dimText === '1' ? 1 : 0) as ShardDim }),
    force: values.force ?? false,
    quiet: values.quiet ?? false,
    ...(threads === undefined ? {} : { threads }),
  };
}

/** `kaiming init-model …` from raw arguments (after "init-model"). */
export async function initModelCommand(argv: string[], err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    err.write(`${INIT_MODEL_USAGE}\n`);
    return 0;
  }
  let options: InitModelCommandOptions;
  try {
    options = parseInitModelArgs(argv);
  } catch (error) {
    err.write(`kaiming init-model: ${(error as Error).message}\n${INIT_MODEL_USAGE}\n`);
    return 2;
  }
  try {
    return await runInitModel(options, err);
  } catch (error) {
    err.write(`kaiming init-model: ${(error as Error).message}\n`);
    return 1;
  }
}

export interface VerifyCommandOptions {
  /** The file to check against a spec, or the full file when `shards` are given. */
  file: string;
  /** A spec file (default: the spec in the file's metadata). */
  spec?: string;
  /** Shard files to check against `file`. */
  shards?: string[];
}

function report(result: VerifyResult, what: string, out: NodeJS.WritableStream): number {
  if (result.ok) {
    out.write(`kaiming verify: OK: ${what} (${result.tensors} tensors, ${formatBytes(result.bytes)})\n`);
    return 0;
  }
  out.write(`kaiming verify: FAILED: ${what}\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
  return 1;
}

/** Runs verify with parsed options. */
export async function runVerify(options: VerifyCommandOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (options.shards !== undefined && options.shards.length > 0) {
    const result = await verifyShards(options.file, options.shards);
    return report(result, `${options.shards.length} shard(s) put together equal ${options.file}`, out);
  }
  const spec = options.spec === undefined ? undefined : JSON.parse(fs.readFileSync(options.spec, 'utf8'));
  const result = await verifyModel(options.file, { spec });
  return report(result, `${options.file} matches ${options.spec ?? 'the spec in its metadata'}`, out);
}

/** `kaiming verify …` from raw arguments (after "verify"). */
export async function verifyCommand(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let options: VerifyCommandOptions;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { spec: { type: 'string' }, full: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      out.write(`${VERIFY_USAGE}\n`);
      return 0;
    }
    if (values.full !== undefined) {
      if (positionals.length === 0) throw new RangeError('Expected shard files after --full FULL.safetensors');
      options = { file: values.full, shards: positionals };
    } else {
      if (positionals.length !== 1) throw new RangeError(`Expected one model file but received ${positionals.length}`);
      options = { file: positionals[0], ...(values.spec === undefined ? {} : { spec: values.spec }) };
    }
  } catch (error) {
    err.write(`kaiming verify: ${(error as Error).message}\n${VERIFY_USAGE}\n`);
    return 2;
  }
  try {
    return await runVerify(options, out);
  } catch (error) {
    err.write(`kaiming verify: ${(error as Error).message}\n`);
    return 1;
  }
}
