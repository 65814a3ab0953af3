/**
 * `initModel`: initialise a whole model from a spec straight into a safetensors
 * file, piece by piece, in bounded memory (docs/MODELS.md).
 *
 * Memory: two piece buffers of at most 16 Mi elements and 32 MiB each (one is
 * being generated while the other is written), plus one staging buffer of the
 * same size for column shards (`shardDim: 1`) of rows narrower than a piece, plus
 * the header. So at most 96 MiB of buffers whatever the model size; with Node's
 * own ~40–80 MiB the documented bound on peak RSS is 256 MiB.
 */
import * as fs from 'node:fs';
import type { TensorData } from '../core/dtype';
import { SafetensorsWriter, type SafetensorsEntry } from '../formats/safetensors';
import { boolean, describeValue, integer, optionsObject, knownOptions, typeError } from '../core/validate';
import { generateTorchParts } from './torch-parts';
import { checkShard, generateParts, partsOf, throwIfAborted, type Shard, type ShardDim } from './pieces';
import { checkParallelOption, outputPath, placementMetadata, rankPath, type ParallelOption } from './ranks';
import type { Placement } from './parallel';
import { flatSpec, resolveSpec, seedToJSON, type ResolvedSpec } from './spec';

/** Progress of a run, reported after every piece. */
export interface InitModelProgress {
  /** Tensors completely written. */
  tensorsDone: number;
  tensors: number;
  /** Bytes of tensor data written (the header is not counted). */
  bytesDone: number;
  bytes: number;
  /** Milliseconds since the start. */
  elapsedMs: number;
  /** The tensor the last piece belonged to. */
  name: string;
}

export interface InitModelOptions {
  /** The safetensors file to write (a temporary file beside it is renamed into place at the end). */
  out: string;
  /** Aborts the run; the temporary file is removed and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  onProgress?: (progress: InitModelProgress) => void;
  /** Write only this rank's part of every tensor; `{rank}` in `out` is replaced by its rank. */
  shard?: Shard;
  /** The dimension shards split: 0 (rows, default) or 1 (columns). */
  shardDim?: ShardDim;
  /** Replace an existing file. */
  force?: boolean;
  /** Threads of the fill kernel (default: all). */
  threads?: number;
  /** Largest piece in elements (default 16 Mi, capped at 32 MiB); smaller values lower memory. */
  pieceElements?: number;
  /**
   * Write one rank's part under the spec's per-tensor plan: `{ tp, fsdp, rank, scheme }`
   * (lib/model/ranks.ts). `{rank}` in `out` is replaced by the rank. For every rank in one
   * pass, see initModelRanks.
   */
  parallel?: ParallelOption;
  /**
   * Write with O_DIRECT where the file system allows it (default true): the file's bytes
   * bypass the page cache, which measured 2–4× faster than a buffered write + fsync on the
   * development VM (docs/MODELS.md §8). false writes through the page cache.
   */
  direct?: boolean;
}

export interface InitModelResult {
  path: string;
  tensors: number;
  /** Size of the file, header included. */
  fileBytes: number;
  /** Bytes of tensor data. */
  dataBytes: number;
  elapsedMs: number;
  seed: bigint;
}

/**
 * A spec as JSON text that parses back to the same numbers: JSON.stringify
 * writes −0 as 0, and a spec with mean −0 and std 0 makes −0 (docs/STREAM.md),
 * so verify would make +0 from the stored spec. "-0" is valid JSON and
 * JSON.parse reads it as −0.
 */
export function specJSON(value: unknown): string {
  const marker = '\u0000kaiming:-0\u0000';
  return JSON.stringify(value, (_key, v: unknown) => (Object.is(v, -0) ? marker : v)).split(JSON.stringify(marker)).join('-0');
}

/** The `__metadata__` written with a model: format "pt" (what transformers expects), the flat spec and the seed. */
export function modelMetadata(spec: ResolvedSpec, shard?: Shard | Placement, dim?: ShardDim): Record<string, string> {
  const metadata: Record<string, string> = {
    format: 'pt',
    generator: 'kaiming',
    seed: String(seedToJSON(spec.seed)),
    spec: specJSON(flatSpec(spec)),
  };
  if (shard !== undefined && 'scheme' in shard) metadata.parallel = placementMetadata(shard);
  else if (shard !== undefined) metadata.shard = JSON.stringify({ rank: shard.rank, world: shard.world, dim: dim ?? 0 });
  return metadata;
}

const OPTION_NAMES = ['out', 'signal', 'onProgress', 'shard', 'shardDim', 'force', 'threads', 'pieceElements', 'parallel', 'direct'];

/**
 * Initialises every tensor of `spec` (a spec object, validated here, or a resolved spec)
 * and writes them to `options.out` as safetensors, streaming.
 */
export async function initModel(spec: unknown, options: InitModelOptions): Promise<InitModelResult> {
  return initModelFile(spec, options, {});
}

/** initModel with extra `__metadata__` entries (checkpoint files add the whole model's identity, lib/model/checkpoint.ts). */
export async function initModelFile(spec: unknown, options: InitModelOptions, extraMetadata: Record<string, string>): Promise<InitModelResult> {
  const opts = optionsObject(options);
  knownOptions(opts, OPTION_NAMES, 'initModel');
  if (typeof opts.out !== 'string') throw typeError('a file path', 'out', opts.out);
  const signal = opts.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', signal);
  const onProgress = opts.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('a function', 'onProgress', onProgress);
  const force = opts.force === undefined ? false : boolean(opts.force, 'force');
  const threads = opts.threads === undefined ? undefined : integer(opts.threads, 'threads', 1, 1024);
  const pieces = opts.pieceElements === undefined ? undefined : integer(opts.pieceElements, 'pieceElements', 1, 1 << 30);
  const direct = opts.direct === undefined ? true : boolean(opts.direct, 'direct');
  let shard: Shard | undefined;
  let dim: ShardDim = 0;
  if (opts.shard !== undefined) ({ shard, dim } = checkShard(opts.shard, opts.shardDim));
  else if (opts.shardDim !== undefined) throw new TypeError(`Expected shard with shardDim but received shardDim ${describeValue(opts.shardDim)} alone`);

  const resolved = isResolved(spec) ? spec : resolveSpec(spec);
  if (resolved.stream === 'torch' && (shard !== undefined || opts.parallel !== undefined)) {
    const what = shard !== undefined ? `shard ${describeValue(opts.shard)}` : `parallel ${describeValue(opts.parallel)}`;
    throw new RangeError(`Expected no ${shard !== undefined ? 'shard' : 'parallel'} with stream "torch" but received ${what} (torch draws every tensor after the ones before it)`);
  }
  let placement: Placement | undefined;
  let out = opts.out;
  if (opts.parallel !== undefined) {
    if (shard !== undefined) throw new TypeError(`Expected either shard or parallel, not both, but received shard ${describeValue(opts.shard)}`);
    const checked = checkParallelOption(opts.parallel, resolved, true);
    placement = checked.placements[0];
    out = rankPath(out, checked.ranks[0]);
  } else out = outputPath(out, shard?.rank, 'out');
  const parts = placement === undefined ? partsOf(resolved, shard, dim) : partsOf(resolved, placement);
  const entries: SafetensorsEntry[] = parts.map((p) => ({ name: p.tensor.name, dtype: p.tensor.dtype, shape: p.shape }));
  const started = performance.now();
  throwIfAborted(signal as AbortSignal | undefined);
  const writer = await SafetensorsWriter.open(out, entries, { metadata: { ...modelMetadata(resolved, placement ?? shard, dim), ...extraMetadata }, force, direct });

  let dataBytes = 0;
  for (const p of parts) dataBytes += p.elements * (p.tensor.dtype === 'float64' ? 8 : p.tensor.dtype === 'float32' ? 4 : 2);
  let bytesDone = 0;
  let tensorsDone = parts.filter((p) => p.elements === 0).length;
  const remaining = new Map(parts.map((p) => [p.tensor.name, p.elements]));
  try {
    await (resolved.stream === 'torch' ? generateTorchParts : generateParts)(parts, { seed: resolved.seed, signal: signal as AbortSignal | undefined, threads, pieceElements: pieces }, async (part, piece, data: TensorData) => {
      await writer.write(part.tensor.name, data);
      bytesDone += data.byteLength;
      const left = (remaining.get(part.tensor.name) ?? 0) - piece.length;
      remaining.set(part.tensor.name, left);
      if (left === 0) tensorsDone++;
      if (onProgress !== undefined) {
        (onProgress as (p: InitModelProgress) => void)({
          tensorsDone,
          tensors: parts.length,
          bytesDone,
          bytes: dataBytes,
          elapsedMs: performance.now() - started,
          name: part.tensor.name,
        });
      }
    });
    throwIfAborted(signal as AbortSignal | undefined);
    await writer.close();
  } catch (error) {
    await writer.abort(error);
    throw error;
  }
  return {
    path: out,
    tensors: parts.length,
    fileBytes: (await fs.promises.stat(out)).size,
    dataBytes,
    elapsedMs: performance.now() - started,
    seed: resolved.seed,
  };
}

export function isResolved(spec: unknown): spec is ResolvedSpec {
  return (
    spec !== null &&
    typeof spec === 'object' &&
    typeof (spec as ResolvedSpec).seed === 'bigint' &&
    Array.isArray((spec as ResolvedSpec).tensors) &&
    (spec as ResolvedSpec).tensors.every((t) => t !== null && typeof t === 'object' && 'rule' in t)
  );
}
