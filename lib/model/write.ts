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
import * as path from 'node:path';
import { removeStaleTemps } from '../io/stale-temps';
import type { TensorData } from '../core/dtype';
import { SafetensorsWriter, type SafetensorsEntry } from '../formats/safetensors';
import { bytesPerElement } from '../core/dtype';
import { boolean, integer, optionsObject, knownOptions, typeError } from '../core/validate';
import { generateTorchParts } from './torch-parts';
import { generateParts, throwIfAborted, type Part, type Shard, type ShardDim } from './pieces';
import { choosePart, placementMetadata, type ParallelOption, type PartChoice } from './ranks';
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
 * and writes them to `options.out` as safetensors, streaming. Temporary files of `out` left by a
 * killed run (whose process is gone) are removed first (lib/io/stale-temps.ts).
 */
export async function initModel(spec: unknown, options: InitModelOptions): Promise<InitModelResult> {
  const { resolved, file, run } = checkedFile(spec, options, {});
  await removeStaleTemps(path.dirname(file.path), (name) => name === path.basename(file.path));
  return writeModelFile(resolved, file, run);
}

/** What one file holds: its path, its parts (entries in order) and its `__metadata__`. */
export interface ModelFile {
  path: string;
  parts: Part[];
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
}

/** The file a process writes for `spec` and its part choice, with extra `__metadata__` entries (a checkpoint's identity). */
export function modelFile(spec: ResolvedSpec, choice: PartChoice, extraMetadata: Record<string, string> = {}): ModelFile {
  return {
    path: choice.path,
    parts: choice.parts,
    entries: choice.parts.map((p) => ({ name: p.tensor.name, dtype: p.tensor.dtype, shape: p.shape })),
    metadata: { ...modelMetadata(spec, choice.placement ?? choice.shard, choice.dim), ...extraMetadata },
  };
}

/** Bytes of tensor data of parts. */
export function partBytes(parts: readonly Part[]): number {
  let bytes = 0;
  for (const p of parts) bytes += p.elements * bytesPerElement(p.tensor.dtype);
  return bytes;
}

/** The options of a run that are not about parts. */
export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: InitModelProgress) => void;
  force: boolean;
  threads?: number;
  pieces?: number;
  direct: boolean;
}

export function runOptions(opts: Record<string, unknown>): RunOptions {
  const signal = opts.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', signal);
  const onProgress = opts.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('a function', 'onProgress', onProgress);
  return {
    ...(signal === undefined ? {} : { signal }),
    ...(onProgress === undefined ? {} : { onProgress: onProgress as (p: InitModelProgress) => void }),
    force: opts.force === undefined ? false : boolean(opts.force, 'force'),
    ...(opts.threads === undefined ? {} : { threads: integer(opts.threads, 'threads', 1, 1024) }),
    ...(opts.pieceElements === undefined ? {} : { pieces: integer(opts.pieceElements, 'pieceElements', 1, 1 << 30) }),
    direct: opts.direct === undefined ? true : boolean(opts.direct, 'direct'),
  };
}

function checkedFile(spec: unknown, options: InitModelOptions, extraMetadata: Record<string, string>): { resolved: ResolvedSpec; file: ModelFile; run: RunOptions } {
  const opts = optionsObject(options);
  knownOptions(opts, OPTION_NAMES, 'initModel');
  if (typeof opts.out !== 'string') throw typeError('a file path', 'out', opts.out);
  const run = runOptions(opts);
  const resolved = isResolved(spec) ? spec : resolveSpec(spec);
  return { resolved, file: modelFile(resolved, choosePart(opts, resolved, opts.out, 'out'), extraMetadata), run };
}

/** Writes one model file: every part, piece by piece, under a temporary name renamed into place when complete. */
export async function writeModelFile(resolved: ResolvedSpec, file: ModelFile, run: RunOptions): Promise<InitModelResult> {
  const { signal, onProgress, parts } = { ...run, parts: file.parts };
  const started = performance.now();
  throwIfAborted(signal);
  const writer = await SafetensorsWriter.open(file.path, file.entries, { metadata: file.metadata, force: run.force, direct: run.direct });
  const dataBytes = partBytes(parts);
  let bytesDone = 0;
  let tensorsDone = parts.filter((p) => p.elements === 0).length;
  const remaining = new Map(parts.map((p) => [p.tensor.name, p.elements]));
  const generate = resolved.stream === 'torch' ? generateTorchParts : generateParts;
  try {
    await generate(parts, { seed: resolved.seed, signal, threads: run.threads, pieceElements: run.pieces }, async (part, piece, data: TensorData) => {
      await writer.write(part.tensor.name, data);
      bytesDone += data.byteLength;
      const left = (remaining.get(part.tensor.name) ?? 0) - piece.length;
      remaining.set(part.tensor.name, left);
      if (left === 0) tensorsDone++;
      onProgress?.({ tensorsDone, tensors: parts.length, bytesDone, bytes: dataBytes, elapsedMs: performance.now() - started, name: part.tensor.name });
    });
    throwIfAborted(signal);
    await writer.close();
  } catch (error) {
    await writer.abort(error);
    throw error;
  }
  return {
    path: file.path,
    tensors: parts.length,
    fileBytes: (await fs.promises.stat(file.path)).size,
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
